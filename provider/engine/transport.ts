/**
 * Transport: how bytes reach an engine. One undici Pool per engine (keep-alive reuse across every
 * resource the provider host serves), kept in a module-level cache keyed by the resolved connection.
 * The API layer above never sees sockets or TLS; tests swap in undici's MockAgent here.
 *
 * Reads (GET, HEAD) that fail on the network (a connection refused or reset while an engine restarts,
 * a keep-alive socket the engine closed) are sent again a few times by undici's retry interceptor,
 * configured explicitly: never a write, whose first attempt may have landed, and never on an HTTP
 * status, which is the Engine's answer ("not a manager", "locked") and not a fault of the wire.
 */
import { interceptors, Pool, type Dispatcher } from "undici";
import { connectionKey, type ResolvedConnection } from "./connection";
import { closeSshProcesses, sshConnector } from "./ssh";

export interface Transport {
  /** Origin sent with each request (the host part of the URL; `http://localhost` for unix sockets). */
  readonly origin: string;
  readonly dispatcher: Dispatcher;
}

/** Network errors worth another attempt of a read. ENOENT: a stopped dockerd removes its socket file. */
export const RETRIED_NETWORK_ERRORS = [
  "ECONNRESET", "ECONNREFUSED", "ENOENT", "EPIPE", "ENETDOWN", "ENETUNREACH", "EHOSTDOWN", "EHOSTUNREACH", "UND_ERR_SOCKET",
];

export const READ_RETRY = {
  methods: ["GET", "HEAD"] as Dispatcher.HttpMethod[],
  statusCodes: [] as number[],
  errorCodes: RETRIED_NETWORK_ERRORS,
  maxRetries: 3,
  minTimeout: 200,
  maxTimeout: 1000,
  timeoutFactor: 2,
  retryAfter: false,
};

const pools = new Map<string, Transport>();

export function transportFor(conn: ResolvedConnection): Transport {
  const key = connectionKey(conn);
  let t = pools.get(key);
  if (!t) {
    t = createTransport(conn);
    pools.set(key, t);
  }
  return t;
}

/** Wraps a dispatcher (a Pool, or a MockAgent in tests) with the read retry policy. */
export function withReadRetry(dispatcher: Dispatcher): Dispatcher {
  return dispatcher.compose(interceptors.retry(READ_RETRY));
}

function createTransport(conn: ResolvedConnection): Transport {
  warnIfClear(conn);
  const common = { connections: 16, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000 };
  if (conn.kind === "unix") {
    const origin = "http://localhost";
    return { origin, dispatcher: withReadRetry(new Pool(origin, { ...common, connect: { socketPath: conn.socketPath } })) };
  }
  if (conn.kind === "ssh") {
    // One connection, so one ssh process per engine (ssh.ts says why), kept while idle for up to
    // 10 minutes (the engine side, `docker system dial-stdio`, has no idle limit of its own).
    const origin = "http://docker";
    const pool = new Pool(origin, {
      connections: 1,
      keepAliveTimeout: 600_000,
      keepAliveMaxTimeout: 600_000,
      connect: sshConnector(conn.ssh, conn.sshOptions) as never,
    });
    return { origin, dispatcher: withReadRetry(pool) };
  }
  const connect = conn.tls
    ? { ca: conn.tls.ca, cert: conn.tls.cert, key: conn.tls.key, rejectUnauthorized: conn.tls.rejectUnauthorized }
    : undefined;
  return { origin: conn.origin, dispatcher: withReadRetry(new Pool(conn.origin, { ...common, connect })) };
}

/**
 * Join tokens, unlock keys and registry credentials cross this connection: say so, once per engine,
 * when it is not encrypted or does not check whom it talks to.
 */
function warnIfClear(conn: ResolvedConnection): void {
  if (conn.kind !== "tcp" || process.env.PDS_QUIET === "1") return;
  if (!conn.tls) {
    process.stdout.write(`warning: ${conn.host} is reached over plain TCP: join tokens, unlock keys and credentials cross the network in clear (use TLS, or an ssh:// or unix:// connection)\n`);
  } else if (!conn.tls.rejectUnauthorized) {
    process.stdout.write(`warning: ${conn.host} is reached over TLS without verifying its certificate (tls.verify is false): anyone in between can read join tokens, unlock keys and credentials\n`);
  }
}

/**
 * Closes every pooled connection (tests, and the end of short-lived processes such as look-ups), and
 * ends the ssh processes of ssh:// engines: when this resolves, none of them runs any more.
 */
export async function closeAllTransports(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((t) => t.dispatcher.close().catch(() => undefined)));
  await closeSshProcesses();
}
