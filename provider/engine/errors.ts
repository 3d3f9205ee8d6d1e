/**
 * One error class for everything the Engine client can fail with, with a small set of stable codes
 * (in the spirit of undici's `UND_ERR_*`): callers switch on `code`, never on message text.
 *
 * Every error carries the HTTP status, the engine's own message and the request line (method + path,
 * never headers or bodies, so no credential can leak through it). Messages are scrubbed of anything
 * that looks like a swarm token, unlock key or private key before they are stored.
 */
import { redactSecrets } from "./redact";

export type EngineErrorCode =
  | "NOT_FOUND"
  | "OUT_OF_SEQUENCE"
  | "NOT_A_MANAGER"
  | "NOT_IN_SWARM"
  | "LOCKED"
  | "NOT_LOCKED"
  | "NO_LEADER"
  | "DEADLINE_EXCEEDED"
  | "ALREADY_IN_SWARM"
  | "INVALID_ARGUMENT"
  | "UNAUTHORIZED"
  | "CONFLICT"
  | "NOT_IMPLEMENTED"
  | "API_VERSION"
  | "UNREACHABLE"
  | "TIMEOUT"
  | "INVALID_RESPONSE"
  | "ENGINE_ERROR";

export interface EngineErrorInit {
  code: EngineErrorCode;
  /** The engine's message (or the transport's), already scrubbed. */
  engineMessage: string;
  status?: number;
  /** e.g. `POST /v1.45/swarm/update?version=12` */
  request?: string;
  /** Which engine: the connection's host, e.g. `unix:///run/docker.sock`. */
  host?: string;
  cause?: unknown;
}

export class EngineError extends Error {
  override readonly name = "EngineError";
  readonly code: EngineErrorCode;
  readonly status?: number;
  readonly engineMessage: string;
  readonly request?: string;
  readonly host?: string;

  constructor(init: EngineErrorInit) {
    const engineMessage = redactSecrets(init.engineMessage);
    const where = [init.request, init.host ? `on ${init.host}` : undefined].filter(Boolean).join(" ");
    const status = init.status !== undefined ? ` (HTTP ${init.status})` : "";
    super(`${describeCode(init.code)}: ${engineMessage}${status}${where ? ` [${where}]` : ""}`);
    this.code = init.code;
    this.status = init.status;
    this.engineMessage = engineMessage;
    this.request = init.request;
    this.host = init.host;
    // Keep the cause off the enumerable surface so logs of the error object stay short.
    if (init.cause !== undefined) Object.defineProperty(this, "cause", { value: init.cause, enumerable: false });
  }
}

/**
 * Answers that say nothing about the request itself: a leader election, or managers that did not
 * agree in time. A read can simply be asked again; see HttpEngineClient for how long.
 */
export function isTransientAnswer(e: unknown): e is EngineError {
  return isEngineError(e) && (e.code === "NO_LEADER" || e.code === "DEADLINE_EXCEEDED");
}

export function isEngineError(e: unknown, code?: EngineErrorCode): e is EngineError {
  return e instanceof EngineError && (code === undefined || e.code === code);
}

function describeCode(code: EngineErrorCode): string {
  switch (code) {
    case "NOT_FOUND": return "not found";
    case "OUT_OF_SEQUENCE": return "update out of sequence (the object changed since it was read)";
    case "NOT_A_MANAGER": return "this engine is not a swarm manager";
    case "NOT_IN_SWARM": return "this engine is not part of a swarm";
    case "LOCKED": return "the swarm is locked";
    case "NOT_LOCKED": return "the swarm is not locked";
    case "NO_LEADER": return "the swarm has no leader (an election is under way, or too few managers are reachable; if managers are lost for good, see the Swarm resource's recoverQuorum)";
    case "DEADLINE_EXCEEDED": return "the managers did not answer in time";
    case "ALREADY_IN_SWARM": return "this engine is already part of a swarm";
    case "INVALID_ARGUMENT": return "invalid argument";
    case "UNAUTHORIZED": return "unauthorized";
    case "CONFLICT": return "conflict";
    case "NOT_IMPLEMENTED": return "not supported by the engine";
    case "API_VERSION": return "API version mismatch";
    case "UNREACHABLE": return "engine unreachable";
    case "TIMEOUT": return "engine request timed out";
    case "INVALID_RESPONSE": return "unexpected response from the engine";
    case "ENGINE_ERROR": return "engine error";
  }
}

/**
 * Maps an HTTP error response to a code. Status alone is ambiguous (the Engine answers 503 for "not a
 * manager", "locked" and "already in a swarm", and 500 for "update out of sequence"), so the message
 * decides where it must: substrings, matched case-insensitively, as documented in engine-api §3.3.
 */
export function codeForResponse(status: number, message: string): EngineErrorCode {
  const m = message.toLowerCase();
  if (m.includes("update out of sequence")) return "OUT_OF_SEQUENCE";
  if (m.includes("needs to be unlocked") || m.includes("swarm is encrypted and locked")) return "LOCKED";
  if (m.includes("swarm is not locked")) return "NOT_LOCKED";
  if (m.includes("does not have a leader") || m.includes("no elected cluster leader") || m.includes("lost leadership")) return "NO_LEADER";
  if (m.includes("context deadline exceeded") || m.includes("code = deadlineexceeded")) return "DEADLINE_EXCEEDED";
  if (m.includes("already part of a swarm")) return "ALREADY_IN_SWARM";
  if (m.includes("is not part of a swarm")) return "NOT_IN_SWARM";
  if (m.includes("not a swarm manager")) {
    // "Use docker swarm init or join" means the engine is in no swarm at all.
    return m.includes('use "docker swarm init"') ? "NOT_IN_SWARM" : "NOT_A_MANAGER";
  }
  if (/client version [\d.]+ is too (old|new)/.test(m)) return "API_VERSION";
  switch (status) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHORIZED";
    case 404: return "NOT_FOUND";
    case 409: return "CONFLICT";
    case 501: return "NOT_IMPLEMENTED";
    default: return "ENGINE_ERROR";
  }
}
