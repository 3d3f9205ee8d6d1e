/**
 * The HTTP core of the Engine client: versioned paths, API version negotiation, a timeout on every
 * request, JSON decoding validated by zod, and the mapping of failures to EngineError codes.
 * The per-area clients (system, swarm, nodes, services, tasks) are thin layers over `request`.
 */
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { CLIENT_MAX_API_VERSION, CLIENT_MIN_API_VERSION, compareApiVersions, isApiVersion, minApiVersion } from "./api-version";
import { resolveConnection, type ConnectionSettings, type ResolvedConnection } from "./connection";
import { EngineError, codeForResponse, isTransientAnswer } from "./errors";
import { recordRequest } from "./request-log";
import { transportFor, type Transport } from "./transport";

export type Query = Record<string, string | number | boolean | undefined | Record<string, string[]>>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the connection's per-request timeout (e.g. a swarm join may take 20 s). */
  timeoutMs?: number;
  /** Do not prefix the path with /vX.Y (only /_ping). */
  unversioned?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** How long a read keeps asking through a leader election (3 managers elect a new leader in ~2-10 s). */
export const TRANSIENT_READ_MS = 20_000;

export class HttpEngineClient {
  readonly connection: ResolvedConnection;
  private readonly transport: Transport;
  private negotiated?: Promise<string>;

  constructor(settings: ConnectionSettings | ResolvedConnection | undefined, transport?: Transport) {
    this.connection = isResolved(settings) ? settings : resolveConnection(settings);
    this.transport = transport ?? transportFor(this.connection);
  }

  get host(): string {
    return this.connection.host;
  }

  /**
   * The API version used for every request: the pinned one, or min(engine's, ours) from `HEAD /_ping`,
   * asked once per client. A failed negotiation is not cached, so a later call can succeed.
   */
  apiVersion(): Promise<string> {
    if (this.connection.apiVersion) return Promise.resolve(this.connection.apiVersion);
    if (!this.negotiated) {
      this.negotiated = this.negotiate().catch((e) => {
        this.negotiated = undefined;
        throw e;
      });
    }
    return this.negotiated;
  }

  private async negotiate(): Promise<string> {
    // undici closes a connection after a HEAD (against servers that send a body anyway): over ssh://
    // that would cost a second ssh process and login, so GET it is there.
    let res = this.connection.kind === "ssh" ? undefined : await this.send("HEAD", "/_ping", { unversioned: true }).catch(() => undefined);
    if (!res || res.status >= 400) res = await this.send("GET", "/_ping", { unversioned: true });
    const header = res.headers["api-version"];
    if (header === undefined && res.status >= 400) {
      // Not an engine answering (a proxy error, say): do not settle on a guessed version.
      throw new EngineError({
        code: "UNREACHABLE",
        engineMessage: `GET /_ping answered HTTP ${res.status} without an API version`,
        status: res.status,
        request: "GET /_ping",
        host: this.host,
      });
    }
    const engineVersion = (Array.isArray(header) ? header[0] : header) ?? "1.24";
    if (!isApiVersion(engineVersion)) {
      throw new EngineError({
        code: "INVALID_RESPONSE",
        engineMessage: `the engine announced API version "${engineVersion}"`,
        request: "HEAD /_ping",
        host: this.host,
      });
    }
    if (compareApiVersions(engineVersion, CLIENT_MIN_API_VERSION) < 0) {
      throw new EngineError({
        code: "API_VERSION",
        engineMessage: `the engine speaks API ${engineVersion}; this package needs ${CLIENT_MIN_API_VERSION} or newer (Docker Engine 20.10+)`,
        request: "HEAD /_ping",
        host: this.host,
      });
    }
    return minApiVersion(engineVersion, CLIENT_MAX_API_VERSION);
  }

  /** A request whose JSON answer is validated by `schema`. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, opts: RequestOptions = {}): Promise<z.infer<S>> {
    const res = await this.expectOk(method, path, opts);
    const line = await this.requestLine(method, path, opts);
    let data: unknown;
    try {
      data = res.body.length ? JSON.parse(res.body.toString("utf8")) : undefined;
    } catch {
      throw new EngineError({ code: "INVALID_RESPONSE", engineMessage: "the body is not JSON", status: res.status, request: line, host: this.host });
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first.path.length ? first.path.join(".") : "(root)";
      throw new EngineError({
        code: "INVALID_RESPONSE",
        engineMessage: `${where}: ${first.message}`,
        status: res.status,
        request: line,
        host: this.host,
      });
    }
    return parsed.data;
  }

  /** A request whose answer carries no body of interest. */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<RawResponse> {
    return this.expectOk(method, path, opts);
  }

  /**
   * Sends, and turns an error answer into an EngineError. A read answered "no leader" or "deadline
   * exceeded" (a leader election, managers slow to agree) is asked again for up to TRANSIENT_READ_MS:
   * reads change nothing, and elections settle within seconds. Writes are never repeated here.
   */
  private async expectOk(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    const idempotent = method === "GET" || method === "HEAD";
    const deadline = Date.now() + TRANSIENT_READ_MS;
    let pause = 250;
    for (;;) {
      const res = await this.send(method, path, opts);
      if (res.status < 400) return res;
      const message = engineMessage(res.body);
      const error = new EngineError({
        code: codeForResponse(res.status, message),
        engineMessage: message,
        status: res.status,
        request: await this.requestLine(method, path, opts),
        host: this.host,
      });
      if (!idempotent || !isTransientAnswer(error) || Date.now() + pause > deadline) throw error;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 2000);
    }
  }

  private async requestLine(method: string, path: string, opts: RequestOptions): Promise<string> {
    return `${method} ${await this.fullPath(path, opts)}`;
  }

  private async fullPath(path: string, opts: RequestOptions): Promise<string> {
    const prefix = opts.unversioned ? "" : `/v${await this.apiVersion()}`;
    return `${prefix}${path}${encodeQuery(opts.query)}`;
  }

  /**
   * A long-lived GET whose body arrives in pieces (`/events`): `onLine` gets each newline-terminated
   * line as it comes. Ends when the engine closes the stream or `signal` aborts (then it resolves).
   * Only the answer's headers are bound by the request timeout; the stream itself has none.
   */
  async streamLines(path: string, opts: RequestOptions, onLine: (line: string) => void, signal: AbortSignal): Promise<void> {
    const fullPath = await this.fullPath(path, opts);
    recordRequest("GET", fullPath);
    let res: Dispatcher.ResponseData;
    try {
      res = await this.transport.dispatcher.request({
        origin: this.transport.origin,
        method: "GET",
        path: fullPath,
        headersTimeout: opts.timeoutMs ?? this.connection.requestTimeoutMs,
        bodyTimeout: 0,
        signal,
      });
    } catch (e) {
      if (signal.aborted) return;
      throw transportError(e, `GET ${fullPath}`, this.host, this.connection.requestTimeoutMs);
    }
    if (res.statusCode >= 400) {
      const message = engineMessage(Buffer.from(await res.body.arrayBuffer()));
      throw new EngineError({ code: codeForResponse(res.statusCode, message), engineMessage: message, status: res.statusCode, request: `GET ${fullPath}`, host: this.host });
    }
    let pending = "";
    try {
      for await (const chunk of res.body) {
        pending += chunk.toString("utf8");
        let nl: number;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line) onLine(line);
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      throw transportError(e, `GET ${fullPath}`, this.host, this.connection.requestTimeoutMs);
    }
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    const fullPath = await this.fullPath(path, opts);
    const timeoutMs = opts.timeoutMs ?? this.connection.requestTimeoutMs;
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    recordRequest(method, fullPath);
    let res: Dispatcher.ResponseData;
    try {
      res = await this.transport.dispatcher.request({
        origin: this.transport.origin,
        method: method as Dispatcher.HttpMethod,
        path: fullPath,
        headers,
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      throw transportError(e, `${method} ${fullPath}`, this.host, timeoutMs);
    }
    let buf: Buffer;
    try {
      buf = Buffer.from(await res.body.arrayBuffer());
    } catch (e) {
      throw transportError(e, `${method} ${fullPath}`, this.host, timeoutMs);
    }
    return { status: res.statusCode, headers: res.headers, body: buf };
  }
}

function isResolved(s: ConnectionSettings | ResolvedConnection | undefined): s is ResolvedConnection {
  return !!s && "kind" in s;
}

export function encodeQuery(query: Query | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    const value = typeof v === "object" ? JSON.stringify(v) : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

function engineMessage(body: Buffer): string {
  const text = body.toString("utf8").trim();
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: use the raw text
  }
  return text || "(empty response)";
}

const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

function transportError(e: unknown, request: string, host: string, timeoutMs: number): EngineError {
  const err = e as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.code ?? err?.cause?.code;
  if ((code && TIMEOUT_CODES.has(code)) || err?.name === "TimeoutError" || err?.name === "AbortError") {
    return new EngineError({ code: "TIMEOUT", engineMessage: `no answer within ${timeoutMs} ms`, request, host, cause: e });
  }
  // ssh:// engines: ssh.ts already says, for a person, which host failed how and what to do.
  if (err?.name === "SshError" && err.message) {
    return new EngineError({ code: "UNREACHABLE", engineMessage: err.message, request, host, cause: e });
  }
  const detail = [code, err?.message ?? String(e)].filter(Boolean).join(": ");
  return new EngineError({ code: "UNREACHABLE", engineMessage: `cannot reach the engine (${detail})`, request, host, cause: e });
}
