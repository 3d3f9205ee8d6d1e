/**
 * Byte sizes: a number of bytes, or a string in Docker's units ("512M", "1.5g", "64k", "100MiB").
 * Like the docker CLI (go-units RAMInBytes), k/m/g/t/p are binary multiples (1024).
 */
const MULT: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

export function parseBytes(value: number | string): number | string {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? value : `${value} is not a whole, non-negative number of bytes`;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?\s*$/i.exec(value);
  if (!m) return `"${value}" is not a size (use bytes, or forms like "512M", "1G", "64k")`;
  const n = Math.round(Number(m[1]) * MULT[m[2].toLowerCase()]);
  return Number.isSafeInteger(n) ? n : `"${value}" is too large`;
}
