/** API versions as comparable numbers, and the newest version this package has schemas and mappings for. */

/** The newest Engine API this client speaks (Engine 26.x). Newer engines are spoken to at this version. */
export const CLIENT_MAX_API_VERSION = "1.45";
/** Older engines lack swarm features we rely on (jobs, ulimits, service status counts). */
export const CLIENT_MIN_API_VERSION = "1.41";

export function compareApiVersions(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am !== bm ? am - bm : an - bn;
}

export function minApiVersion(a: string, b: string): string {
  return compareApiVersions(a, b) <= 0 ? a : b;
}

export function isApiVersion(v: string): boolean {
  return /^\d+\.\d+$/.test(v);
}
