/**
 * Registry credentials the way `docker login` stored them, read as the docker CLI reads them
 * (docker/cli cli/config/configfile, cli/config/credentials): config.json of DOCKER_CONFIG or
 * ~/.docker, for the registry of an image. The key of Docker Hub is "https://index.docker.io/v1/",
 * any other registry's is its host[:port].
 *
 * - A credential helper, when `credHelpers` names one for that registry or `credsStore` names a
 *   default one: `docker-credential-<name> get`, the server address on stdin, a JSON answer
 *   `{ServerURL, Username, Secret}` (Username "<token>": Secret is an identity token). "credentials
 *   not found" is no credentials, not an error.
 * - Else (or when the helper has none) `auths[<key>]`: `auth` (base64 of user:password), or
 *   username/password, and `identitytoken`. An entry written as a URL ("https://host/v1/") counts for
 *   its host, as the CLI allows.
 */
import { spawn } from "node:child_process";
import { readDockerConfigFile, type DockerConfigFile } from "../engine/docker-config";
import { ProviderError } from "../common/errors";
import { parseImage } from "./image";

export const DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";

export interface StoredCredentials {
  username?: string;
  password?: string;
  identityToken?: string;
  serverAddress: string;
}

/** The key `docker login` stored an image's registry under. */
export function authConfigKey(image: string): string {
  const domain = parseImage(image).domain;
  return domain === "docker.io" ? DOCKER_HUB_AUTH_KEY : domain;
}

/** host[:port] of a key that may be written as a URL (the CLI's ConvertToHostname). */
function hostnameOf(key: string): string {
  let rest = key;
  const scheme = rest.indexOf("://");
  if (scheme >= 0) rest = rest.slice(scheme + 3);
  return rest.split("/", 1)[0];
}

export type HelperRunner = (helper: string, serverAddress: string) => Promise<{ Username?: string; Secret?: string } | undefined>;

/**
 * The credentials stored for `image`'s registry; undefined when there are none. `file` is named in
 * messages. Never logs or returns anything but the credentials themselves to the caller.
 */
export async function credentialsFromDockerConfig(
  image: string,
  env: NodeJS.ProcessEnv = process.env,
  runHelper: HelperRunner = (h, s) => runCredentialHelper(h, s, env),
): Promise<StoredCredentials | undefined> {
  const { config } = readDockerConfigFile(env);
  const key = authConfigKey(image);
  const helper = helperFor(config, key);
  if (helper) {
    const got = await runHelper(helper, key);
    if (got?.Secret) {
      return got.Username === "<token>" ? { identityToken: got.Secret, serverAddress: key } : { username: got.Username, password: got.Secret, serverAddress: key };
    }
  }
  const entry = config.auths?.[key] ?? Object.entries(config.auths ?? {}).find(([k]) => hostnameOf(k) === hostnameOf(key))?.[1];
  if (!entry) return undefined;
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) {
      const login = `docker login${key === DOCKER_HUB_AUTH_KEY ? "" : ` ${key}`}`;
      throw new ProviderError("INVALID_INPUT", `registryAuth.fromDockerConfig: the stored "auth" for ${key} is not base64 of user:password (run \`${login}\` again)`);
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1).replace(/\0+$/, "");
  }
  const identityToken = entry.identitytoken || undefined;
  if (!identityToken && !(username && password)) return undefined;
  return identityToken ? { username, identityToken, serverAddress: key } : { username, password, serverAddress: key };
}

function helperFor(config: DockerConfigFile, key: string): string | undefined {
  const named = config.credHelpers?.[key] ?? (key === DOCKER_HUB_AUTH_KEY ? config.credHelpers?.["docker.io"] : undefined);
  return named || config.credsStore || undefined;
}

/** Runs `docker-credential-<helper> get` with the server address on stdin, as the CLI does. */
export function runCredentialHelper(helper: string, serverAddress: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): Promise<{ Username?: string; Secret?: string } | undefined> {
  const program = `docker-credential-${helper}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(helper)) {
    return Promise.reject(new ProviderError("INVALID_INPUT", `registryAuth.fromDockerConfig: "${helper}" is not a credential helper name (credsStore / credHelpers in the docker config)`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(program, ["get"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.stdin.on("error", () => undefined);
    child.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new ProviderError(
          "INVALID_INPUT",
          e.code === "ENOENT"
            ? `registryAuth.fromDockerConfig: the docker config names the credential helper "${helper}", but ${program} is not on the PATH of the machine running Pulumi; install it, or log in again with the docker CLI`
            : `registryAuth.fromDockerConfig: cannot run ${program}: ${e.message}`,
        ),
      );
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        try {
          const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
          return resolve(parsed);
        } catch {
          return reject(new ProviderError("INVALID_INPUT", `registryAuth.fromDockerConfig: ${program} get answered something that is not JSON`));
        }
      }
      // The helpers' protocol: this text on stdout, and a non-zero exit, when it holds nothing for that server.
      if (/credentials not found/i.test(out)) return resolve(undefined);
      const said = (err.trim() || out.trim()).slice(0, 300);
      reject(
        new ProviderError(
          "INVALID_INPUT",
          `registryAuth.fromDockerConfig: ${program} get ${signal ? `was ended by ${signal}` : `exited with code ${code}`} for ${serverAddress}${said ? `: ${said}` : ""}`,
        ),
      );
    });
    child.stdin.end(serverAddress);
  });
}
