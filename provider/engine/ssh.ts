/**
 * `ssh://[user@]host[:port][/socket/path]` the way the docker CLI reaches an engine over ssh
 * (docker/cli cli/connhelper): the system `ssh` client runs `docker system dial-stdio` on the remote
 * host, and HTTP is spoken over its stdin/stdout. Everything the user configured for ssh applies as
 * it would to a plain `ssh` command: ~/.ssh/config (Host blocks, User, Port, IdentityFile, ProxyJump),
 * the agent (SSH_AUTH_SOCK), known_hosts. `sshOptions` adds `-o` options.
 *
 * Differences from the CLI, on purpose:
 * - `BatchMode=yes` (unless sshOptions sets BatchMode): nothing may prompt, since no one can answer
 *   a provider host. An unknown host key is therefore an error (with OpenSSH's default
 *   StrictHostKeyChecking=ask), never accepted; StrictHostKeyChecking itself is left to the user's
 *   configuration, and sshOptions may not turn it off (schemas.ts).
 * - One ssh process per engine, reused: the CLI starts one per HTTP connection; here the transport
 *   gives an ssh engine a pool of exactly one connection (transport.ts), so one ssh process carries
 *   every request to that engine, one after the other, and stays up between them (keep-alive). A
 *   ControlMaster was not used: its master process outlives the process that started it (it is
 *   meant to), it needs a control socket path on disk, and it would change how the user's own ssh
 *   commands to that host behave while it lives. The single process ends with its connection: when
 *   the pool closes it (closeAllTransports), after a long idle time, or when this process exits.
 *
 * Errors that need the user (unknown or changed host key, refused login, no docker on the remote,
 * no ssh client) are told in a sentence that names the host and says what to do, with what ssh said.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { Duplex } from "node:stream";

export interface SshSpec {
  user?: string;
  host: string;
  port?: string;
  /** A remote socket path (`ssh://u@h/run/user/1000/docker.sock`), else the remote CLI's default. */
  path?: string;
}

/** Parses an ssh:// URL with the CLI's rules (cli/connhelper/ssh newSpec); returns why not otherwise. */
export function parseSshUrl(value: string): SshSpec | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL such as ssh://user@host`;
  }
  if (url.protocol !== "ssh:") return `"${value}" is not an ssh:// URL`;
  if (url.password) return "a password in an ssh:// URL is not supported (use a key, the ssh agent or ~/.ssh/config)";
  if (url.search) return `query parameters are not allowed in an ssh:// URL ("${url.search}")`;
  if (url.hash) return `fragments are not allowed in an ssh:// URL ("${url.hash}")`;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) return "the host name is empty (expected ssh://user@host)";
  if (host.startsWith("-")) return `"${host}" is not a host name`;
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  if (user?.startsWith("-")) return `"${user}" is not a user name`;
  const path = decodeURIComponent(url.pathname);
  return { user, host, port: url.port || undefined, path: path.replace(/^\/+$/, "") || undefined };
}

/** `user@host:port` for messages (the parts the URL gave). */
export function describeSsh(spec: SshSpec): string {
  return `${spec.user ? `${spec.user}@` : ""}${spec.host.includes(":") ? `[${spec.host}]` : spec.host}${spec.port ? `:${spec.port}` : ""}`;
}

/** The name an `-o` option sets ("ConnectTimeout" in "ConnectTimeout=5" or "ConnectTimeout 5"), lower case. */
export function sshOptionName(option: string): string {
  return option.trim().split(/[\s=]/, 1)[0].toLowerCase();
}

/** One sshOptions entry, checked: `Name=value` or `Name value`. Returns why not, or undefined when fine. */
export function sshOptionProblem(option: string): string | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(\S.*)$/.exec(option);
  if (!m) return `"${option}" is not an ssh option such as "IdentityFile=~/.ssh/deploy" or "ProxyJump bastion"`;
  const [, name, value] = m;
  if (name.toLowerCase() === "stricthostkeychecking" && /^(no|off|false)$/i.test(value.trim())) {
    return `"${option}" would accept any host key: it is not allowed. Add the host's key to known_hosts instead (ssh-keyscan, after checking its fingerprint)`;
  }
  return undefined;
}

/** POSIX shell quoting for the remote command (ssh runs it through the remote user's shell). */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The ssh command line, as the CLI builds it: [-l user] [-p port] [options] -- host <remote command>,
 * with ConnectTimeout=30 and -T added, and BatchMode=yes (see the file comment).
 */
export function sshArgs(spec: SshSpec, options: readonly string[] = []): string[] {
  const names = new Set(options.map(sshOptionName));
  const args: string[] = [];
  if (spec.user) args.push("-l", spec.user);
  if (spec.port) args.push("-p", spec.port);
  for (const o of options) args.push("-o", o.trim());
  if (!names.has("connecttimeout")) args.push("-o", "ConnectTimeout=30");
  if (!names.has("batchmode")) args.push("-o", "BatchMode=yes");
  args.push("-T", "--", spec.host);
  const remote = spec.path ? ["docker", `--host=unix://${spec.path}`, "system", "dial-stdio"] : ["docker", "system", "dial-stdio"];
  args.push(remote.map(shellQuote).join(" "));
  return args;
}

// ─── errors ──────────────────────────────────────────────────────────────────

export type SshErrorCode =
  | "SSH_MISSING"
  | "SSH_HOST_KEY_UNKNOWN"
  | "SSH_HOST_KEY_CHANGED"
  | "SSH_AUTH"
  | "SSH_CONNECT"
  | "SSH_NO_DOCKER"
  | "SSH_REMOTE_ENGINE"
  | "SSH_FAILED";

export class SshError extends Error {
  override readonly name = "SshError";
  constructor(readonly code: SshErrorCode | "ECONNRESET", message: string) {
    super(message);
  }
}

/** The lines of ssh's stderr worth showing (no banner noise), last ones first in importance. */
function stderrSummary(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$/.test(l) && !/^Warning: Permanently added/i.test(l));
  const text = lines.slice(-6).join(" / ");
  return text.length > 600 ? `…${text.slice(-600)}` : text;
}

/**
 * What an ssh that ended before the engine answered means, for a person: which host, what happened,
 * what to do. `exitCode` is ssh's (255 for ssh's own failures, else the remote command's).
 */
export function classifySshFailure(spec: SshSpec, stderr: string, exitCode: number | null, signal?: NodeJS.Signals | null): SshError {
  const who = describeSsh(spec);
  const host = spec.host;
  const port = spec.port ?? "22";
  const said = stderrSummary(stderr);
  const saidPart = said ? ` (ssh said: ${said})` : "";
  const s = stderr.toLowerCase();
  if (s.includes("remote host identification has changed") || s.includes("host key for") && s.includes("has changed")) {
    return new SshError(
      "SSH_HOST_KEY_CHANGED",
      `ssh to ${who}: the host key of ${host} has CHANGED since it was recorded in known_hosts. This may be an attack, or the ` +
        `host was reinstalled: check with its administrator, then remove the old key (ssh-keygen -R ${host}) and add the new one${saidPart}`,
    );
  }
  if (s.includes("host key verification failed") || /no \S+ host key is known for/.test(s)) {
    return new SshError(
      "SSH_HOST_KEY_UNKNOWN",
      `ssh to ${who}: the host key of ${host} is not in known_hosts, and an unknown host key is never accepted. Check its ` +
        `fingerprint with the host's administrator, then add it (ssh-keyscan -p ${port} ${host} >> ~/.ssh/known_hosts, or run ` +
        `ssh -p ${port} ${who.replace(/:\d+$/, "")} once and confirm it)${saidPart}`,
    );
  }
  if (s.includes("permission denied (") || s.includes("too many authentication failures")) {
    const user = spec.user ? `user "${spec.user}"` : "the user ssh chose (none in the URL: ~/.ssh/config's User, else your local user name)";
    return new SshError(
      "SSH_AUTH",
      `ssh to ${who}: ${host} refused the login of ${user}. Check the user name in the URL (ssh://USER@${host}) and that ` +
        `one of your keys is in that user's authorized_keys there (load it into ssh-agent, or name it with IdentityFile in ` +
        `~/.ssh/config or sshOptions)${saidPart}`,
    );
  }
  if (
    exitCode === 127 ||
    /docker: (command )?not found/.test(s) ||
    s.includes("docker: no such file or directory") ||
    (s.includes("command not found") && s.includes("docker"))
  ) {
    return new SshError(
      "SSH_NO_DOCKER",
      `ssh to ${who}: there is no docker CLI on ${host} (not on the PATH of that user's non-interactive shell). Install ` +
        `Docker 18.09 or newer there, or make \`docker\` reachable on that PATH${saidPart}`,
    );
  }
  if (s.includes("is not a docker command") || s.includes("unknown command \"dial-stdio\"")) {
    return new SshError(
      "SSH_NO_DOCKER",
      `ssh to ${who}: the docker CLI on ${host} has no \`docker system dial-stdio\`: it needs Docker 18.09 or newer${saidPart}`,
    );
  }
  if (s.includes("permission denied while trying to connect to the docker daemon")) {
    return new SshError(
      "SSH_REMOTE_ENGINE",
      `ssh to ${who}: that user may not use the Docker socket on ${host}. Add it to the "docker" group there, or connect as a ` +
        `user that may${saidPart}`,
    );
  }
  if (s.includes("cannot connect to the docker daemon") || s.includes("is the docker daemon running")) {
    return new SshError("SSH_REMOTE_ENGINE", `ssh to ${who}: the docker CLI on ${host} cannot reach its engine (is dockerd running there?)${saidPart}`);
  }
  if (
    s.includes("could not resolve hostname") ||
    s.includes("connection refused") ||
    s.includes("connection timed out") ||
    s.includes("no route to host") ||
    s.includes("network is unreachable") ||
    s.includes("connection closed by") ||
    s.includes("connection reset by")
  ) {
    return new SshError("SSH_CONNECT", `ssh to ${who}: cannot connect to ${host} port ${port}${saidPart}`);
  }
  const how = signal ? `was ended by ${signal}` : `exited with code ${exitCode ?? "?"}`;
  return new SshError("SSH_FAILED", `ssh to ${who} ${how} before the engine answered${saidPart || " (ssh said nothing)"}`);
}

// ─── processes ───────────────────────────────────────────────────────────────

const live = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function track(child: ChildProcessWithoutNullStreams): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // The ssh processes run in their own session (as the CLI starts them: no terminal to prompt on),
    // so a signal to this process's group does not reach them: end them when this process exits.
    // (Should this process die without running exit handlers, ssh sees its stdin close and ends.)
    process.once("exit", () => {
      for (const c of live) {
        try {
          c.kill("SIGTERM");
        } catch {
          // already gone
        }
      }
    });
  }
}

/** The pids of the ssh processes this process runs now (tests). */
export function sshPids(): number[] {
  return [...live].map((c) => c.pid).filter((p): p is number => typeof p === "number");
}

/** Ends every ssh process this process started: SIGTERM, then SIGKILL after 3 s (as the CLI does). */
export async function closeSshProcesses(): Promise<void> {
  await Promise.all([...live].map((c) => terminate(c)));
}

function terminate(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.stdin.end();
    child.kill("SIGTERM");
  });
}

/**
 * The ssh child as a socket for undici: bytes written go to ssh's stdin, ssh's stdout is read.
 * When ssh ends before the engine said anything, the stream fails with what ssh's stderr means;
 * when it ends later (the connection dropped), with ECONNRESET, so that reads are retried on a new one.
 */
class SshStream extends Duplex {
  private stderr = "";
  private answered = false;
  private stdoutEnded = false;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private ending = false;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly spec: SshSpec,
    private readonly onEarlyFailure: (e: SshError) => void,
  ) {
    super({ allowHalfOpen: false });
    child.stdout.on("data", (chunk: Buffer) => {
      this.answered = true;
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stdout.on("end", () => {
      this.stdoutEnded = true;
      this.settle();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-8192);
    });
    // Writes after ssh died fail with EPIPE: the exit tells the real story (settle).
    child.stdin.on("error", () => undefined);
    child.stdout.on("error", () => undefined);
    child.on("exit", (code, signal) => {
      this.exit = { code, signal };
      this.settle();
    });
  }

  private settle(): void {
    if (!this.stdoutEnded || !this.exit || this.destroyed) return;
    const { code, signal } = this.exit;
    if (this.ending || code === 0) {
      this.push(null);
      return;
    }
    if (!this.answered) {
      const e = classifySshFailure(this.spec, this.stderr, code, signal);
      this.onEarlyFailure(e);
      this.destroy(e);
      return;
    }
    const said = stderrSummary(this.stderr);
    this.destroy(new SshError("ECONNRESET", `the ssh connection to ${describeSsh(this.spec)} ended (code ${code ?? signal})${said ? `: ${said}` : ""}`));
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.child.stdin.destroyed) return cb();
    this.child.stdin.write(chunk, () => cb());
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.ending = true;
    this.child.stdin.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.ending = true;
    void terminate(this.child);
    cb(err);
  }

  // undici refs the socket while requests are pending and unrefs it when idle: so an idle ssh
  // never keeps this process alive.
  ref(): this {
    this.child.ref();
    (this.child.stdout as unknown as { ref?: () => void }).ref?.();
    (this.child.stderr as unknown as { ref?: () => void }).ref?.();
    (this.child.stdin as unknown as { ref?: () => void }).ref?.();
    return this;
  }

  unref(): this {
    this.child.unref();
    (this.child.stdout as unknown as { unref?: () => void }).unref?.();
    (this.child.stderr as unknown as { unref?: () => void }).unref?.();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
    return this;
  }
}

type ConnectCallback = (err: Error | null, socket: Duplex | null) => void;

/** How long a failure that needs the user is answered again at once, without a new ssh (a HEAD then GET). */
const FAILURE_MEMORY_MS = 2000;

/**
 * undici's `connect` for an ssh engine: each call starts one ssh process (the transport's pool holds
 * one connection, so one process lives per engine at a time).
 */
export function sshConnector(spec: SshSpec, options: readonly string[] = [], command = "ssh"): (opts: unknown, cb: ConnectCallback) => void {
  const args = sshArgs(spec, options);
  let lastFailure: { at: number; error: SshError } | undefined;
  return (_opts, cb) => {
    if (lastFailure && Date.now() - lastFailure.at < FAILURE_MEMORY_MS) return cb(lastFailure.error, null);
    let child: ChildProcessWithoutNullStreams;
    try {
      // detached: its own session (setsid), like the CLI's commandconn, so ssh never finds a terminal.
      child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], detached: true, env: process.env });
    } catch (e) {
      return cb(e as Error, null);
    }
    let settled = false;
    child.once("error", (e: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      const err =
        e.code === "ENOENT"
          ? new SshError("SSH_MISSING", `cannot reach ${describeSsh(spec)}: no ssh client ("${command}" is not on the PATH). Install OpenSSH's client (apt-get install openssh-client) on the machine running Pulumi`)
          : new SshError("SSH_FAILED", `cannot start ssh for ${describeSsh(spec)}: ${e.message}`);
      lastFailure = { at: Date.now(), error: err };
      cb(err, null);
    });
    child.once("spawn", () => {
      if (settled) return;
      settled = true;
      track(child);
      cb(null, new SshStream(child, spec, (error) => (lastFailure = { at: Date.now(), error })));
    });
  };
}
