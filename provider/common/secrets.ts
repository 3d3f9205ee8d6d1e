/**
 * Secret inputs nested inside larger values. Pulumi's dynamic provider host strips secret marks
 * before the provider sees the inputs, and re-marks an output only under the same key as a secret
 * input. A value read back from the Engine under another key (a service's `spec.env`, say) would land
 * in state in plaintext. So the SDK tells the provider which top-level inputs held a secret
 * (`_secretKeys`, computed in the program where the marks are still known), and:
 *
 * - the parts of a read-back spec under those keys go to `secretSpec`, an output the SDK always
 *   declares secret (`additionalSecretOutputs`), instead of `spec`;
 * - the string values under those keys are scrubbed from error texts and task log tails.
 */
import type { Raw } from "./lifecycle";

/** Moves `spec[k]` for every secret key k into a separate object (both without undefined keys). */
export function splitSecretSpec<T extends Raw>(spec: T, secretKeys: readonly string[]): { spec: Partial<T>; secretSpec: Partial<T> } {
  const plain: Raw = {};
  const secret: Raw = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v === undefined) continue;
    (secretKeys.includes(k) ? secret : plain)[k] = v;
  }
  return { spec: plain as Partial<T>, secretSpec: secret as Partial<T> };
}

/** The spec as a whole again, from the two outputs of a state. */
export function joinSecretSpec<T>(spec: T | undefined, secretSpec: unknown): T | undefined {
  if (!secretSpec || typeof secretSpec !== "object" || !Object.keys(secretSpec).length) return spec;
  return { ...(spec ?? {}), ...(secretSpec as object) } as T;
}

/**
 * Every string under the secret keys of `inputs`, and for "KEY=value" strings (environment lists)
 * the value alone, longest first so that a longer secret is scrubbed before a part of it. Strings
 * shorter than 4 characters are left out: scrubbing "1" from every log line would say nothing.
 */
export function secretStrings(inputs: Raw, secretKeys: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (v.length >= 4) out.add(v);
      const eq = v.indexOf("=");
      if (eq > 0 && v.length - eq - 1 >= 4) out.add(v.slice(eq + 1));
    } else if (typeof v === "number" || typeof v === "boolean") {
      // Not scrubbed: too short to mean anything in a log.
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const k of secretKeys) walk(inputs[k]);
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces each secret string in `text` with [secret]. */
export function scrubStrings(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("[secret]");
  return out;
}
