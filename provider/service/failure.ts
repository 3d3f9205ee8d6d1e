/**
 * The error a failed convergence ends with: why, which tasks failed (state, message, error, exit
 * code, node) and the tail of their logs, so that `pulumi up` shows the cause without a trip to the
 * docker CLI.
 */
import type { DockerEngine } from "../engine";
import type { Node, Task } from "../engine/schemas";
import { decodeLogs, tail } from "../engine/logs";

const MAX_TASKS = 5;
const MAX_LOGGED_TASKS = 3;

/** How failure details are told: how many log lines per task (0: none), and what to scrub from them. */
export interface DetailOptions {
  logTail: number;
  scrub: (text: string) => string;
}

export function nodeNames(nodes: Node[]): Map<string, string> {
  return new Map(nodes.map((n) => [n.ID, n.Description?.Hostname || n.ID.slice(0, 12)]));
}

/** One line per task: `task 85uxhp63x6tr (slot 1) on node2: failed: "task: non-zero exit (1)", exit code 1`. */
export function describeTask(t: Task, names: Map<string, string>): string {
  const where = t.Slot ? ` (slot ${t.Slot})` : "";
  const node = t.NodeID ? ` on ${names.get(t.NodeID) ?? t.NodeID.slice(0, 12)}` : " (not scheduled)";
  const parts = [`task ${t.ID.slice(0, 12)}${where}${node}: ${t.Status.State}`];
  const err = t.Status.Err?.trim();
  const msg = t.Status.Message?.trim();
  if (err) parts.push(`"${err}"`);
  if (msg && msg !== err) parts.push(`(${msg})`);
  const exit = t.Status.ContainerStatus?.ExitCode;
  if (typeof exit === "number" && exit !== 0) parts.push(`exit code ${exit}`);
  return parts.join(" ");
}

export function describeTasks(tasks: Task[], names: Map<string, string>): string[] {
  const lines = tasks.slice(0, MAX_TASKS).map((t) => `  - ${describeTask(t, names)}`);
  if (tasks.length > MAX_TASKS) lines.push(`  - … and ${tasks.length - MAX_TASKS} more`);
  return lines;
}

/** Log tails of the first few failed tasks, scrubbed; a task whose logs cannot be read says why. */
export async function taskLogTails(engine: DockerEngine, tasks: Task[], o: DetailOptions): Promise<string[]> {
  const out: string[] = [];
  if (o.logTail <= 0) return out;
  for (const t of tasks.slice(0, MAX_LOGGED_TASKS)) {
    try {
      const res = await engine.http.call("GET", `/tasks/${encodeURIComponent(t.ID)}/logs`, {
        query: { stdout: true, stderr: true, tail: o.logTail, follow: false },
        timeoutMs: 5000,
      });
      const ct = res.headers["content-type"];
      const lines = tail(decodeLogs(res.body, Array.isArray(ct) ? ct[0] : ct), o.logTail);
      out.push(`  logs of task ${t.ID.slice(0, 12)}${lines.length ? ":" : ": (empty)"}`);
      for (const l of lines) out.push(`    | ${o.scrub(l)}`);
    } catch (e) {
      out.push(`  logs of task ${t.ID.slice(0, 12)}: unavailable (${(e as Error).message})`);
    }
  }
  return out;
}

export async function failureDetails(engine: DockerEngine, failed: Task[], nodes: Node[], o: DetailOptions): Promise<string> {
  if (!failed.length) return "";
  const names = nodeNames(nodes);
  const lines = ["failed tasks:", ...describeTasks(failed, names).map(o.scrub), ...(await taskLogTails(engine, failed, o))];
  return lines.join("\n");
}
