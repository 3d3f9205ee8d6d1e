/**
 * zod building blocks shared by every resource's input schema: connection, durations, byte sizes,
 * labels. Each refinement's message is written for a person reading `pulumi preview` output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { parseBytes } from "./bytes";
import { parseDuration } from "./duration";
import { parseSshUrl, sshOptionProblem } from "../engine/ssh";

export const durationInput = z.string().superRefine((value, ctx) => {
  const r = parseDuration(value);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
  else if (r < 0) ctx.addIssue({ code: "custom", message: `"${value}" is negative` });
});

export const bytesInput = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  const r = parseBytes(value);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
});

export const labelsInput = z.record(z.string().min(1, "label keys cannot be empty"), z.string());

export const nonNegativeInt = z.number().int("must be a whole number").min(0, "must be zero or more");

const hostUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a URL such as unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host` });
    return;
  }
  if (url.protocol === "ssh:") {
    const spec = parseSshUrl(value);
    if (typeof spec === "string") ctx.addIssue({ code: "custom", message: spec });
  } else if (!["unix:", "tcp:", "http:", "https:"].includes(url.protocol)) {
    ctx.addIssue({ code: "custom", message: `unsupported scheme "${url.protocol}" (use unix://, tcp:// or ssh://)` });
  }
});

/**
 * TLS settings, checked where the docker CLI would fail later with a less helpful message: a cert
 * folder that does not exist, a key without its certificate (or the reverse). The files are read by
 * the provider, on the machine running Pulumi, so checking them here is checking them at preview.
 * A key given as PEM may go with a certPath that holds the certificate (stack config: tlsKey + tlsCertPath).
 */
const tlsInput = z
  .strictObject({
    ca: z.string().optional().meta({ description: "PEM text of the CA that signed the engine's certificate." }),
    cert: z.string().optional().meta({ description: "PEM text of the client certificate." }),
    key: z.string().optional().meta({ description: "PEM text of the client key. Always stored as a secret.", secret: true }),
    certPath: z.string().optional().meta({ description: "A folder holding ca.pem, cert.pem and key.pem, like DOCKER_CERT_PATH." }),
    verify: z.boolean().optional().meta({ description: "Verify the engine's certificate (DOCKER_TLS_VERIFY). Default true." }),
  })
  .superRefine((t, ctx) => {
    const dir = t.certPath;
    const isDir = dir !== undefined && fs.existsSync(dir) && fs.statSync(dir).isDirectory();
    const has = (f: string) => isDir && fs.existsSync(path.join(dir as string, f));
    if (t.key && !t.cert && !has("cert.pem")) {
      ctx.addIssue({ code: "custom", path: ["key"], message: "is set without cert: give the client certificate (PEM, or a certPath holding cert.pem) with its key" });
    }
    if (t.cert && !t.key && !has("key.pem")) {
      ctx.addIssue({ code: "custom", path: ["cert"], message: "is set without key: give the client key (PEM, or a certPath holding key.pem) with its certificate" });
    }
    if (dir !== undefined) {
      if (!isDir) {
        ctx.addIssue({ code: "custom", path: ["certPath"], message: `"${dir}" is not a folder (it should hold ca.pem, cert.pem and key.pem)` });
        return;
      }
      if (t.verify !== false && !t.ca && !has("ca.pem")) {
        ctx.addIssue({ code: "custom", path: ["certPath"], message: `"${dir}" holds no ca.pem, which verifying the engine's certificate needs (or set verify: false)` });
      }
      if (!t.cert && !t.key && has("cert.pem") !== has("key.pem")) {
        ctx.addIssue({ code: "custom", path: ["certPath"], message: `"${dir}" holds ${has("cert.pem") ? "cert.pem without key.pem" : "key.pem without cert.pem"}` });
      }
    }
  })
  .meta({ title: "Tls", description: "TLS settings of a tcp:// engine. Any value here turns TLS on." });

/**
 * Schemas that accept several shapes by the value's kind (service/args/common.ts byShape): a transform
 * over any value, which JSON Schema cannot see through, so each registers the shapes it accepts here
 * for the provider plugin's schema generator (plugin/schema.ts).
 */
export const alternatives = new WeakMap<object, z.ZodType[]>();

/** One `-o` option for ssh: "Name=value" or "Name value"; never one that accepts any host key. */
const sshOptionInput = z.string().superRefine((value, ctx) => {
  const problem = sshOptionProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * The engine a resource was made on, as it records it at create (common/connection.ts EngineRecord),
 * as an output. Every later operation reaches this engine and proves it is the same one (or a manager
 * of the same swarm) first.
 */
export const engineIdentityOutput = z
  .object({
    host: z.string().meta({ description: "The address it was reached at (a DOCKER_HOST-style URL)." }),
    id: z.string().meta({ description: "The engine's ID (`docker info` ID)." }),
    name: z.string().optional().meta({ description: "The engine's name (its hostname)." }),
    swarmId: z.string().optional().meta({ description: "The swarm's cluster ID." }),
    nodeId: z.string().optional().meta({ description: "The engine's node ID in the swarm." }),
  })
  .meta({ title: "EngineIdentity", description: "The engine a resource was made on; later operations act only there." });

export const connectionInput = z
  .strictObject({
    host: hostUrl.optional().meta({ description: "A DOCKER_HOST-style URL: `unix:///var/run/docker.sock`, `tcp://host:2376` or `ssh://user@host`." }),
    context: z
      .string()
      .min(1, "is empty (give a context name, as `docker context ls` lists them)")
      .optional()
      .meta({ description: "A docker context by name (the CLI's `--context`): its endpoint and TLS files, read from the contexts store. Not with `host` or `tls`." }),
    tls: tlsInput.optional().meta({ description: "TLS for `tcp://` engines. Any value here turns TLS on." }),
    sshOptions: z.array(sshOptionInput).optional().meta({ description: "Options for `ssh://` engines, each passed to ssh as `-o OPTION` (never one that accepts any host key)." }),
    apiVersion: z.string().regex(/^1\.\d+$/, 'must look like "1.41"').optional().meta({ description: "Pin the Engine API version (e.g. \"1.41\") instead of negotiating it." }),
    requestTimeout: durationInput.optional().meta({ description: "Timeout of each request to the engine, as a duration such as \"30s\" (default \"30s\")." }),
  })
  .superRefine((c, ctx) => {
    if (c.host && c.context) {
      ctx.addIssue({ code: "custom", path: ["context"], message: `give host or context, not both (as docker's -H and --context): host is "${c.host}"` });
    }
    if (c.context && c.tls) {
      ctx.addIssue({ code: "custom", path: ["tls"], message: `does not go with context "${c.context}": a context carries its own TLS files (docker context create … --docker "…,ca=…,cert=…,key=…")` });
    }
    const ssh = c.host?.startsWith("ssh:");
    if (ssh && c.tls) {
      ctx.addIssue({ code: "custom", path: ["tls"], message: `does not apply to an ssh:// host ("${c.host}"): ssh encrypts the connection and checks the host's key` });
    }
    if (c.host && !ssh && c.sshOptions?.length) {
      ctx.addIssue({ code: "custom", path: ["sshOptions"], message: `only apply to ssh:// hosts (host is "${c.host}")` });
    }
  })
  .meta({ title: "Connection", description: "Which Docker engine to talk to, and how." });

// ─── addresses ───────────────────────────────────────────────────────────────

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** A network interface name as Linux allows it (at most 15 characters). */
const INTERFACE = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,14}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function isIpv6(s: string): boolean {
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

/** Splits "host", "host:port", "[v6]:port" or a bare IPv6; returns an error message instead when malformed. */
export function splitHostPort(value: string): { host: string; port?: number } | string {
  let host = value;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(value);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2];
    if (!isIpv6(host)) return `"${value}": "${host}" is not an IPv6 address`;
  } else if ((value.match(/:/g) ?? []).length === 1) {
    [host, port] = value.split(":");
  }
  if (port !== undefined) {
    if (!/^\d+$/.test(port)) return `"${value}": the port "${port}" is not a number`;
    const n = Number(port);
    if (n < 1 || n > 65535) return `"${value}": the port ${n} is outside 1-65535`;
    return { host, port: n };
  }
  return { host };
}

function addressSchema(hostKinds: "ip-or-interface" | "ip-interface-or-hostname", allowPort: boolean, form: string) {
  return z.string().superRefine((value, ctx) => {
    const r = splitHostPort(value.trim());
    if (typeof r === "string") return void ctx.addIssue({ code: "custom", message: `${r} (expected ${form})` });
    if (r.port !== undefined && !allowPort) return void ctx.addIssue({ code: "custom", message: `"${value}" has a port, but this address takes none (expected ${form})` });
    const h = r.host;
    const ok = IPV4.test(h) || isIpv6(h) || INTERFACE.test(h) || (hostKinds === "ip-interface-or-hostname" && HOSTNAME.test(h));
    if (!h || !ok) ctx.addIssue({ code: "custom", message: `"${value}" is not ${form}` });
  });
}

/** `<ip|interface>[:port]`, as `docker swarm init/join --listen-addr/--advertise-addr` take it. */
export const listenAddress = addressSchema("ip-or-interface", true, "an IP address or interface name, with an optional port, such as 10.0.0.11:2377 or eth0");
/** `<ip|interface>` without a port (`--data-path-addr`). */
export const interfaceAddress = addressSchema("ip-or-interface", false, "an IP address or interface name, such as 10.0.0.11 or eth0");
/** `<host>[:port]` of a manager to join (`docker swarm join HOST:PORT`): an IP or a DNS name. */
export const remoteAddress = addressSchema("ip-interface-or-hostname", true, "a manager's address, such as 10.0.0.11:2377 or manager1:2377");
export type ConnectionInput = z.infer<typeof connectionInput>;
