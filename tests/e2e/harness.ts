/**
 * Runs the project's real Pulumi CLI on a copy of an examples/ program that has the packed package
 * installed from its tarball, exactly as a user's program would.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for messages that may land on either. */
  all: string;
}

function work(): string {
  const w = process.env.PDS_E2E_WORK;
  if (!w || !process.env.PDS_TARBALL) throw new Error("PDS_E2E_WORK/PDS_TARBALL unset: run through jest's e2e project (global setup packs the package)");
  return w;
}

/** Installs the example's dependencies and the packed package once per run; later copies reuse it. */
function template(example: string): string {
  const dir = path.join(work(), `${example}.template`);
  const done = path.join(dir, ".installed");
  if (fs.existsSync(done)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  // A program of the examples (what users read), or one of the tests' own (tests/e2e/programs).
  const source = [path.join(ROOT, "examples", example), path.join(__dirname, "programs", example)].find((d) => fs.existsSync(d));
  if (!source) throw new Error(`no program "${example}" in examples/ or tests/e2e/programs/`);
  fs.cpSync(source, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", process.env.PDS_TARBALL!], {
    cwd: dir,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (npm.status !== 0) throw new Error(`npm install in ${dir} failed:\n${npm.stdout}\n${npm.stderr}`);
  fs.writeFileSync(done, "");
  return dir;
}

export class Program {
  readonly env: NodeJS.ProcessEnv;

  private constructor(readonly dir: string, readonly stack: string) {
    const state = path.join(dir, ".state");
    fs.mkdirSync(state, { recursive: true });
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
      PDS_REQUEST_LOG: "",
    };
  }

  /** A fresh copy of examples/<example> with its own state backend and a new stack. */
  static prepare(example: string, tag: string, stack = "test"): Program {
    const tpl = template(example);
    const dir = path.join(work(), `${example}.${tag}.${Date.now().toString(36)}`);
    fs.cpSync(tpl, dir, { recursive: true, verbatimSymlinks: true });
    const p = new Program(dir, stack);
    p.ok(["stack", "init", stack]);
    return p;
  }

  run(args: string[], extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): RunResult {
    const res = spawnSync("bash", [path.join(ROOT, "scripts/pulumi.sh"), ...args, "--cwd", this.dir, "--non-interactive"], {
      env: { ...this.env, ...extraEnv },
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    const stdout = res.stdout ?? "";
    const stderr = res.stderr ?? "";
    return { code: res.status ?? -1, stdout, stderr, all: `${stdout}\n${stderr}` };
  }

  /**
   * Starts a command without waiting for it (to inject a fault while it runs); `onOutput` sees the
   * output as it arrives. The promise settles when the command exits.
   */
  start(args: string[], extraEnv: NodeJS.ProcessEnv = {}, onOutput?: (all: string) => void): Promise<RunResult> {
    const child = spawn("bash", [path.join(ROOT, "scripts/pulumi.sh"), ...args, "--cwd", this.dir, "--non-interactive"], {
      env: { ...this.env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      onOutput?.(`${stdout}\n${stderr}`);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
      onOutput?.(`${stdout}\n${stderr}`);
    });
    return new Promise((resolve) => {
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, all: `${stdout}\n${stderr}` }));
    });
  }

  /** Runs and throws with the whole output when the command fails. */
  ok(args: string[], extraEnv: NodeJS.ProcessEnv = {}): RunResult {
    const r = this.run(args, extraEnv);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.all}`);
    return r;
  }

  config(values: Record<string, string | number | boolean | undefined>): void {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) this.run(["config", "rm", k]);
      else this.ok(["config", "set", k, String(v)]);
    }
  }

  up(extraEnv: NodeJS.ProcessEnv = {}): RunResult {
    return this.ok(["up", "--yes", "--skip-preview"], extraEnv);
  }

  preview(extraEnv: NodeJS.ProcessEnv = {}): RunResult {
    return this.run(["preview", "--diff"], extraEnv);
  }

  outputs(showSecrets = false): Record<string, any> {
    const args = ["stack", "output", "--json"];
    if (showSecrets) args.push("--show-secrets");
    return JSON.parse(this.ok(args).stdout);
  }

  exportStack(): string {
    return this.ok(["stack", "export"]).stdout;
  }

  /** The outputs of the first resource of the given type (e.g. "Swarm") as held in state. */
  resourceOutputs(type: string): Record<string, any> {
    const state = JSON.parse(this.exportStack());
    const res = state.deployment.resources.find((r: { type: string }) => r.type.endsWith(`:${type}`));
    if (!res) throw new Error(`no ${type} resource in the stack`);
    return res.outputs;
  }

  /** The resources of the given type as held in state (outputs, inputs, id). */
  resources(type: string): Array<{ id: string; outputs: Record<string, any>; inputs: Record<string, any>; urn: string }> {
    const state = JSON.parse(this.exportStack());
    return (state.deployment.resources ?? []).filter((r: { type: string }) => r.type.endsWith(`:${type}`));
  }

  /** Destroys the stack's resources (best effort in cleanup) and removes the stack. */
  destroy(): RunResult {
    return this.run(["destroy", "--yes", "--skip-preview"]);
  }
}

/** Reads a request log written by the Engine client (PDS_REQUEST_LOG) as `METHOD path` lines. */
export function requestLog(file: string): string[] {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

export function writesIn(lines: string[]): string[] {
  return lines.filter((l) => !l.startsWith("GET ") && !l.startsWith("HEAD "));
}
