/**
 * What the docker CLI keeps in its configuration folder (DOCKER_CONFIG, else ~/.docker), read the way
 * the CLI reads it: config.json (`currentContext`, `auths`, `credsStore`, `credHelpers`) and the
 * contexts store (docker/cli cli/context/store):
 *
 *   contexts/meta/<sha256(name)>/meta.json      {"Name": …, "Endpoints": {"docker": {"Host": …, "SkipTLSVerify": …}}}
 *   contexts/tls/<sha256(name)>/docker/         ca.pem, cert.pem, key.pem (any of them)
 *
 * Which engine the environment names (cli/command/cli.go resolveContextName), in this order:
 * DOCKER_HOST (the "default" context: DOCKER_HOST with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) >
 * DOCKER_CONTEXT > `currentContext` in config.json > the default socket. A context named "default" is
 * that environment too. An explicit context (the CLI's --context; here `connection.context`) comes
 * before all of them, as an explicit host (-H; here `connection.host`) does; the two exclude each other.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { EngineError } from "./errors";

export const DEFAULT_CONTEXT = "default";

/** The CLI's configuration folder: DOCKER_CONFIG, else ~/.docker (undefined without HOME). */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  return env.HOME ? path.join(env.HOME, ".docker") : undefined;
}

export interface DockerConfigFile {
  currentContext?: string;
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string; serveraddress?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** config.json of the configuration folder; {} when there is none. A file that is not JSON is an error. */
export function readDockerConfigFile(env: NodeJS.ProcessEnv = process.env): { file?: string; config: DockerConfigFile } {
  const dir = dockerConfigDir(env);
  if (!dir) return { config: {} };
  const file = path.join(dir, "config.json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { config: {} };
  }
  if (!text.trim()) return { file, config: {} };
  try {
    const parsed = JSON.parse(text);
    return { file, config: parsed && typeof parsed === "object" ? (parsed as DockerConfigFile) : {} };
  } catch (e) {
    throw new EngineError({ code: "INVALID_ARGUMENT", engineMessage: `${file} is not valid JSON (${(e as Error).message}); fix it or point DOCKER_CONFIG elsewhere` });
  }
}

/** The folder name of a context in the store: the SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash("sha256").update(name, "utf8").digest("hex");
}

export interface ContextEndpoint {
  /** The context's name. */
  context: string;
  /** Its docker endpoint's Host (a DOCKER_HOST-style URL). */
  host: string;
  /**
   * TLS as the CLI would use it: on when the context holds TLS files or skips verification. certPath
   * is the context's TLS folder for the docker endpoint (ca.pem, cert.pem, key.pem, whichever exist).
   */
  tls?: { certPath: string; verify: boolean };
}

/** Reads a context from the store of the configuration folder. Fails, saying what to do, when it is not there. */
export function readContext(name: string, env: NodeJS.ProcessEnv = process.env): ContextEndpoint {
  const dir = dockerConfigDir(env);
  const store = dir ? path.join(dir, "contexts") : undefined;
  const fail = (why: string) =>
    new EngineError({ code: "INVALID_ARGUMENT", engineMessage: `docker context "${name}": ${why}` });
  if (!store) throw fail("no configuration folder to read it from (set HOME or DOCKER_CONFIG)");
  const metaFile = path.join(store, "meta", contextDirName(name), "meta.json");
  let meta: { Name?: string; Endpoints?: Record<string, { Host?: string; SkipTLSVerify?: boolean }> };
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw fail(`not found in ${store} (\`docker context ls\` lists the contexts; create it with \`docker context create\`, or check DOCKER_CONFIG)`);
    }
    throw fail(`${metaFile} cannot be read (${(e as Error).message})`);
  }
  const ep = meta.Endpoints?.docker;
  if (!ep) throw fail(`${metaFile} has no docker endpoint`);
  if (!ep.Host) throw fail(`its docker endpoint has no Host (${metaFile})`);
  const tlsDir = path.join(store, "tls", contextDirName(name), "docker");
  const hasTls = ["ca.pem", "cert.pem", "key.pem"].some((f) => fs.existsSync(path.join(tlsDir, f)));
  const isSocket = /^(unix|npipe|fd|ssh):/.test(ep.Host);
  const tls = !isSocket && (hasTls || ep.SkipTLSVerify) ? { certPath: tlsDir, verify: !ep.SkipTLSVerify } : undefined;
  return { context: name, host: ep.Host, tls };
}

/**
 * The context the environment selects, as the CLI decides (without flags): none when DOCKER_HOST is
 * set or when it is "default" (then the environment / default socket applies).
 */
export function contextFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DOCKER_HOST) return undefined;
  let current: string | undefined;
  try {
    current = readDockerConfigFile(env).config.currentContext;
  } catch {
    // The CLI warns about a config.json it cannot read and goes on without it: so do we.
  }
  const name = env.DOCKER_CONTEXT || current || undefined;
  return name && name !== DEFAULT_CONTEXT ? name : undefined;
}
