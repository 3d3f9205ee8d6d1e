/**
 * Sizes and CPU counts as the docker CLI reads them from a Compose file, so that `memory: 1.5g` and
 * `cpus: "0.25"` give the very numbers `docker stack deploy` sends.
 */

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * go-units RAMInBytes: a number, one optional space, an optional binary unit k/m/g/t/p with optional
 * `i` and `b` ("512M", "1.5g", "64 MiB", "100b"). The result is truncated to whole bytes, as the CLI.
 */
export function parseRamSize(text: string): number | string {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!m || Number.isNaN(n)) return `"${text}" is not a size (use bytes or forms like "512M", "1.5G")`;
  const bytes = Math.trunc(n * UNITS[(m[2] ?? "").toLowerCase()]);
  return Number.isSafeInteger(bytes) ? bytes : `"${text}" is too large`;
}

/**
 * opts.ParseCPUs: a rational number ("0.5", "1/4", "2e-1") of CPUs, which must come to a whole number
 * of nano-CPUs. Returned in CPUs (a number, as SwarmService takes it).
 */
export function parseCpus(text: string): number | string {
  const bad = `"${text}" is not a number of CPUs (use a string such as "0.5")`;
  let numerator: bigint;
  let denominator: bigint;
  const fraction = /^([-+]?\d+)\/(\d+)$/.exec(text);
  const decimal = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text);
  if (fraction) {
    numerator = BigInt(fraction[1]);
    denominator = BigInt(fraction[2]);
    if (denominator === 0n) return bad;
  } else if (decimal && (decimal[2] || decimal[3])) {
    const digits = (decimal[2] ?? "") + (decimal[3] ?? "");
    const exponent = Number(decimal[4] ?? 0) - (decimal[3] ?? "").length;
    if (Math.abs(exponent) > 400) return bad;
    numerator = BigInt(decimal[1] + (digits || "0"));
    denominator = 1n;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator = 10n ** BigInt(-exponent);
  } else {
    return bad;
  }
  const scaled = numerator * 1_000_000_000n;
  if (scaled % denominator !== 0n) return `"${text}": value is too precise (the Engine counts in billionths of a CPU)`;
  return Number(scaled / denominator) / 1e9;
}
