/**
 * Docker-style durations ("5s", "1h30m", "2160h", "500ms"), the same grammar as Go's
 * time.ParseDuration, used for every duration input of the package. The Engine speaks integer
 * nanoseconds; values are kept as numbers of nanoseconds, which is exact for anything up to ~104 days
 * of arbitrary precision and for any whole number of hours far beyond that.
 */
const UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3,
  "μs": 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const TOKEN = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Parses a duration to nanoseconds, or returns an error message. */
export function parseDuration(text: string): number | string {
  const s = text.trim();
  if (s === "0") return 0;
  if (!s) return "a duration is required, such as \"5s\" or \"1h30m\"";
  let i = 0;
  let sign = 1;
  if (s[0] === "-" || s[0] === "+") {
    sign = s[0] === "-" ? -1 : 1;
    i = 1;
  }
  let total = 0;
  let matched = false;
  while (i < s.length) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(s);
    if (!m) return `"${text}" is not a duration (use forms like "300ms", "5s", "1h30m")`;
    total += Number(m[1]) * UNITS[m[2]];
    i = TOKEN.lastIndex;
    matched = true;
  }
  if (!matched) return `"${text}" is not a duration`;
  const ns = Math.round(sign * total);
  if (!Number.isSafeInteger(ns)) return `"${text}" is too long to be represented exactly`;
  return ns;
}

/** Formats nanoseconds in the shortest exact Docker form: 5000000000 → "5s", 7776000000000000 → "2160h". */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  let rest = Math.abs(ns);
  const parts: string[] = [];
  for (const [unit, size] of [["h", 3600e9], ["m", 60e9], ["s", 1e9], ["ms", 1e6], ["us", 1e3], ["ns", 1]] as const) {
    if (rest >= size) {
      const n = Math.floor(rest / size);
      parts.push(`${n}${unit}`);
      rest -= n * size;
    }
  }
  return sign + parts.join("");
}
