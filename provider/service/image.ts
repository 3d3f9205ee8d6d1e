/**
 * Image references: parsing, the normal form used for comparison, and digest pinning.
 *
 * The Engine stores the image exactly as sent. The docker CLI sends `name:tag@sha256:…` and adds
 * `:latest`, so a service touched by the CLI reads back differently from what a program declares;
 * comparisons therefore go through `sameImage`, which treats `nginx`, `nginx:latest` and
 * `docker.io/library/nginx:latest` as one, and ignores a digest the declared image does not pin.
 */

export interface ImageRef {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
}

export function parseImage(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    domain = parts.shift()!;
  }
  if (domain === "index.docker.io" || domain === "registry-1.docker.io") domain = "docker.io";
  let path = parts.join("/");
  if (domain === "docker.io" && !path.includes("/")) path = `library/${path}`;
  return { domain, path, tag, digest };
}

/** The full normal form: docker.io/library/nginx:latest[@sha256:…]. */
export function normalImage(ref: string, withDigest = true): string {
  const r = parseImage(ref);
  const tag = r.tag ?? (r.digest ? undefined : "latest");
  return `${r.domain}/${r.path}${tag ? `:${tag}` : ""}${withDigest && r.digest ? `@${r.digest}` : ""}`;
}

export function hasDigest(ref: string): boolean {
  return parseImage(ref).digest !== undefined;
}

/**
 * Whether `current` (read back) runs what `declared` asks for. A digest in `current` only counts when
 * `declared` pins one too; a tag in `current` next to a pinned digest is ignored when `declared` has
 * only the digest.
 */
export function sameImage(declared: string, current: string): boolean {
  const d = parseImage(declared);
  const c = parseImage(current);
  if (d.domain !== c.domain || d.path !== c.path) return false;
  if (d.digest) {
    if (d.digest !== c.digest) return false;
    return d.tag === undefined || d.tag === c.tag;
  }
  return (d.tag ?? "latest") === (c.tag ?? "latest");
}

/** `name:tag` pinned to `digest`: `name:tag@sha256:…` (any digest already there is replaced). */
export function pinImage(ref: string, digest: string): string {
  const at = ref.indexOf("@");
  return `${at >= 0 ? ref.slice(0, at) : ref}@${digest}`;
}

/** The answer of GET /distribution/{name}/json, reduced to what pinning needs. */
export interface DistributionInfo {
  digest: string;
  platforms: Array<{ architecture?: string; os?: string }>;
}

export function distributionInfo(body: unknown): DistributionInfo | undefined {
  const b = body as { Descriptor?: { digest?: unknown }; Platforms?: Array<{ architecture?: string; os?: string }> | null } | undefined;
  const digest = b?.Descriptor?.digest;
  if (typeof digest !== "string" || !/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) return undefined;
  return { digest, platforms: (b?.Platforms ?? []).map((p) => ({ architecture: p.architecture, os: p.os })) };
}
