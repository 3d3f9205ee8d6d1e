/**
 * Transport: how bytes reach an engine. One undici Pool per engine (keep-alive reuse across every
 * resource the provider host serves), kept in a module-level cache keyed by the resolved connection.
 * The API layer above never sees sockets or TLS; tests swap in undici's MockAgent here.
 */
import { Pool, type Dispatcher } from "undici";
import { connectionKey, type ResolvedConnection } from "./connection";

export interface Transport {
  /** Origin sent with each request (the host part of the URL; `http://localhost` for unix sockets). */
  readonly origin: string;
  readonly dispatcher: Dispatcher;
}

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

function createTransport(conn: ResolvedConnection): Transport {
  const common = { connections: 16, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 30_000 };
  if (conn.kind === "unix") {
    const origin = "http://localhost";
    return { origin, dispatcher: new Pool(origin, { ...common, connect: { socketPath: conn.socketPath } }) };
  }
  const connect = conn.tls
    ? { ca: conn.tls.ca, cert: conn.tls.cert, key: conn.tls.key, rejectUnauthorized: conn.tls.rejectUnauthorized }
    : undefined;
  return { origin: conn.origin, dispatcher: new Pool(conn.origin, { ...common, connect }) };
}

/** Closes every pooled connection (tests, and the end of short-lived processes such as look-ups). */
export async function closeAllTransports(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((t) => t.dispatcher.close().catch(() => undefined)));
}
