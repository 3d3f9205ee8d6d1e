// The provider's Engine requests, counted and timed. The provider appends one `METHOD /path` line per
// request to PDS_REQUEST_LOG (provider/engine/request-log.ts, no timestamps). The bench follows that
// file while `pulumi up` runs and stamps each line with the moment it appeared (the file is read every
// 20 ms, so a stamp is at most ~20 ms late), on the same clock as the CLI's output lines. That gives
// requests per second without changing the provider.
import * as fs from "node:fs";
import { nowMs } from "./proc.mjs";

/**
 * Follows `file` (created if missing) until stop(); returns [{ t, line }] in order. A line still being
 * written at a read is kept for the next one.
 */
export function followRequestLog(file, intervalMs = 20) {
  fs.writeFileSync(file, "");
  const stamped = [];
  let offset = 0;
  let pending = "";
  const fd = fs.openSync(file, "r");
  const buf = Buffer.alloc(1 << 16);
  const readNew = () => {
    const t = nowMs();
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, offset);
      if (n <= 0) break;
      offset += n;
      pending += buf.toString("utf8", 0, n);
    }
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line) stamped.push({ t, line });
    }
  };
  const timer = setInterval(readNew, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      readNew();
      fs.closeSync(fd);
      return stamped;
    },
  };
}

/** `METHOD /path` with IDs and names folded: `GET /services/{id}`. */
export function routeOf(line) {
  const [method, p = ""] = line.split(" ");
  return `${method} ${p.replace(/^\/(services|tasks|nodes|networks|secrets|configs)\/(?!create$)[^/]+/, "/$1/{id}")}`;
}

/** The stamped lines as text (`<ms since epoch> METHOD /path`), kept next to the plain log. */
export function stampedText(stamped) {
  return stamped.map((r) => `${r.t.toFixed(1)} ${r.line}\n`).join("");
}

/** Engine requests by route, by method, and the number of writes. */
export function countLines(lines) {
  const byRoute = {};
  const byMethod = {};
  for (const l of lines) {
    const route = routeOf(l);
    const method = l.split(" ")[0];
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    byMethod[method] = (byMethod[method] ?? 0) + 1;
  }
  const writes = lines.filter((l) => !/^(GET|HEAD) /.test(l)).length;
  return { total: lines.length, writes, byMethod, byRoute };
}

// The requests of the engine's one watcher (provider/engine/watcher.ts): per poll one service list and
// one or more task lists (sent together), the node list now and then, and its event stream. Everything
// else is per-service work (create, inspect, update, look-ups). A service list is also how a create
// looks its name up, and the log drops the query that would tell them apart, so polls are counted from
// the task lists: those stamped within 50 ms of each other belong to one poll (the watcher pauses at
// least 100 ms between polls), which gives the task lists per poll, and each poll holds one service
// list.
const POLL_CLUSTER_MS = 50;

/** Start times of the watcher's polls, from the stamps of its task lists. */
function pollStarts(stamped) {
  const starts = [];
  let last = -Infinity;
  for (const r of stamped) {
    if (routeOf(r.line) !== "GET /tasks") continue;
    if (r.t - last > POLL_CLUSTER_MS) starts.push(r.t);
    last = r.t;
  }
  return starts;
}

function watcherCount(stamped) {
  const n = (route) => stamped.filter((r) => routeOf(r.line) === route).length;
  const tasks = n("GET /tasks");
  // Task lists per poll, a small whole number: a busy bench may read two polls' lines at once and
  // stamp them alike, so the clusters alone could undercount the polls.
  const clusters = pollStarts(stamped).length;
  const perPoll = clusters ? Math.max(1, Math.round(tasks / clusters)) : 1;
  return tasks + Math.min(Math.round(tasks / perPoll), n("GET /services")) + n("GET /nodes") + n("GET /events");
}

/**
 * Request rate while services converge: within [fromMs, toMs] (the first `POST /services/create` or
 * `/update` to the last resource done), the requests per second over the whole window, the watcher's
 * share, and the busiest one-second bin.
 */
export function rateIn(stamped, fromMs, toMs) {
  if (fromMs === undefined || toMs === undefined || !(toMs > fromMs)) return undefined;
  const inWindow = stamped.filter((r) => r.t >= fromMs && r.t <= toMs);
  const seconds = (toMs - fromMs) / 1000;
  const watcher = watcherCount(inWindow);
  const bins = new Map();
  for (const r of inWindow) {
    const b = Math.floor((r.t - fromMs) / 1000);
    bins.set(b, (bins.get(b) ?? 0) + 1);
  }
  const perSecond = [...Array(Math.ceil(seconds)).keys()].map((b) => bins.get(b) ?? 0);
  // The watcher's pace: the time between its polls, to compare with its 100 ms minimum pause and its
  // 300 ms back-off (plus the poll's own round trip).
  const polls = pollStarts(inWindow);
  const gaps = polls.slice(1).map((t, i) => t - polls[i]).sort((a, b) => a - b);
  return {
    windowMs: toMs - fromMs,
    requests: inWindow.length,
    perSecond: inWindow.length / seconds,
    watcherRequests: watcher,
    watcherPerSecond: watcher / seconds,
    otherPerSecond: (inWindow.length - watcher) / seconds,
    peakSecond: Math.max(0, ...perSecond),
    polls: polls.length,
    pollGapMedianMs: gaps.length ? gaps[gaps.length >> 1] : undefined,
    pollGapP90Ms: gaps.length ? gaps[Math.floor(gaps.length * 0.9)] : undefined,
    byRoute: countLines(inWindow.map((r) => r.line)).byRoute,
  };
}

/** The window in which services converged: first write to a service → last stamped time given. */
export function convergenceWindow(stamped, lastDoneMs) {
  const first = stamped.find((r) => /^POST \/services\/(create|[^/]+\/update)/.test(r.line));
  return first && lastDoneMs ? [first.t, lastDoneMs] : [undefined, undefined];
}
