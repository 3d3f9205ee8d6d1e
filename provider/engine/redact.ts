/**
 * Scrubs secret material from any text that may reach a log, an error or Pulumi state: swarm join
 * tokens, unlock keys and PEM private keys. Used on every engine message before it is surfaced.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/SWMTKN-1-[A-Za-z0-9-]+/g, "SWMTKN-1-[redacted]"],
  [/SWMKEY-1-[A-Za-z0-9+/=_-]+/g, "SWMKEY-1-[redacted]"],
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, "[redacted private key]"],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
