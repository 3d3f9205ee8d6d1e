/**
 * The provider's own failures, apart from EngineError (which stays for what the wire and the Engine
 * answered). Stable codes, in the spirit of undici's `UND_ERR_*`: callers and tests switch on `code`.
 * Every message passes the secret redaction before it is stored.
 */
import { redactSecrets } from "../engine/redact";
import type { CheckFailure } from "./check";

export type ProviderErrorCode =
  /** An input is invalid (check normally reports it first, naming the property). */
  | "INVALID_INPUT"
  /** The engine reached is not the one the resource was made on (another engine, or another swarm). */
  | "WRONG_ENGINE"
  /** State records no way to reach the engine, and the environment is never used for an existing resource. */
  | "NO_ENGINE_RECORDED"
  /** A wait ran out of time; the message says what was seen last. */
  | "WAIT_TIMEOUT"
  /** A change would break, or the swarm has lost, the managers' quorum. */
  | "QUORUM"
  /** A service did not converge (its tasks failed, or the Engine rolled it back). */
  | "NOT_CONVERGED"
  /** The provider refuses an operation that would be unsafe (the message says why and what to do). */
  | "REFUSED";

export class ProviderError extends Error {
  override readonly name: string = "ProviderError";
  readonly code: ProviderErrorCode;

  constructor(code: ProviderErrorCode, message: string, cause?: unknown) {
    super(redactSecrets(message));
    this.code = code;
    // Off the enumerable surface, so logs of the error object stay short.
    if (cause !== undefined) Object.defineProperty(this, "cause", { value: cause, enumerable: false });
  }
}

export function isProviderError(e: unknown, code?: ProviderErrorCode): e is ProviderError {
  return e instanceof ProviderError && (code === undefined || e.code === code);
}

/** Thrown by create/update when inputs are invalid (check normally catches this first). */
export class InputError extends ProviderError {
  override readonly name = "InputError";
  constructor(readonly failures: CheckFailure[]) {
    super("INVALID_INPUT", failures.map((f) => f.reason).join("; "));
  }
}

/** The message of anything thrown, for progress lines and error texts. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
