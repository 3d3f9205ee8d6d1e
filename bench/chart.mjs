// The chart of deploy time against N as a plain SVG (converted to PNG by rsvg-convert in run.sh):
// no plotting library, no network. Both axes are logarithmic: the tools span three orders of magnitude.

const W = 1000;
const H = 560;
const M = { left: 80, right: 330, top: 50, bottom: 70 };

/**
 * @param {{ name: string, color: string, dashed?: boolean, points: [number, number][] }[]} series
 *        points are [N, seconds]
 */
export function deployChart(series, title) {
  const all = series.flatMap((s) => s.points);
  const xs = all.map(([n]) => n);
  const ys = all.map(([, y]) => y);
  const x0 = Math.log10(Math.min(...xs)), x1 = Math.log10(Math.max(...xs));
  const y0 = Math.floor(Math.log10(Math.min(...ys))), y1 = Math.ceil(Math.log10(Math.max(...ys)));
  const px = (n) => M.left + ((Math.log10(n) - x0) / (x1 - x0 || 1)) * (W - M.left - M.right);
  const py = (s) => H - M.bottom - ((Math.log10(s) - y0) / (y1 - y0 || 1)) * (H - M.top - M.bottom);

  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${M.left}" y="28" font-size="16" font-weight="bold">${esc(title)}</text>`,
  ];
  // Grid: every power of ten, plus 2x and 5x in light grey.
  for (let e = y0; e <= y1; e++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** e;
      if (Math.log10(v) > y1) continue;
      out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(v)}" y2="${py(v)}" stroke="${k === 1 ? "#bbb" : "#eee"}"/>`);
      if (k === 1 || y1 - y0 <= 2) out.push(`<text x="${M.left - 8}" y="${py(v) + 4}" text-anchor="end">${fmt(v)} s</text>`);
    }
  }
  for (const n of [...new Set(xs)].sort((a, b) => a - b)) {
    out.push(`<line x1="${px(n)}" x2="${px(n)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${px(n)}" y="${H - M.bottom + 20}" text-anchor="middle">${n}</text>`);
  }
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 20}" text-anchor="middle">services (N, log scale)</text>`);
  out.push(`<text transform="translate(22 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">wall time to converged (median, log scale)</text>`);
  out.push(`<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>`);

  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    const d = pts.map(([n, y], k) => `${k ? "L" : "M"}${px(n).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ` stroke-dasharray="7 5"` : ""}/>`);
    for (const [n, y] of pts) out.push(`<circle cx="${px(n)}" cy="${py(y)}" r="4" fill="${s.color}"/>`);
    // Legend, with the N = max value, on the right.
    const ly = M.top + 10 + i * 26;
    const last = pts[pts.length - 1];
    out.push(`<line x1="${W - M.right + 16}" x2="${W - M.right + 44}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ` stroke-dasharray="7 5"` : ""}/>`);
    out.push(`<text x="${W - M.right + 50}" y="${ly + 4}">${esc(s.name)} (${fmt(last[1])} s)</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

const fmt = (v) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2));
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
