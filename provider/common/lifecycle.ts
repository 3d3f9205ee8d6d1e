/**
 * The plumbing every resource's lifecycle shares: inputs without the serialized provider, parse or
 * throw, lenient reads of what state holds, and partial failures that keep the object in state.
 */
import type { z } from "zod";
import { redactSecrets } from "../engine/redact";
import { validate } from "./check";
import { connectionFromState } from "./connection";
import { InputError, messageOf } from "./errors";

export type Raw = Record<string, unknown>;

/** The inputs as the user declared them: without the serialized provider Pulumi adds. */
export function stripProvider(news: Raw): Raw {
  const { __provider: _p, ...rest } = news;
  return rest;
}

/** Parses inputs that check already accepted; if they are invalid after all, fails naming the property. */
export function parseOrThrow<S extends z.ZodType>(schema: S, raw: Raw): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InputError(validate(schema, raw).failures);
  return parsed.data;
}

/**
 * Reads the echoed inputs back out of state for read and delete, which receive only the outputs. State
 * written by another version of the package may hold fields this one rejects: each top-level key is
 * parsed on its own, and those that fail fall back to the schema's default (or are left out), so one
 * stale field never loses the rest.
 */
export function inputsFromState<S extends z.ZodObject>(schema: S, props: Raw): z.infer<S> {
  const shape = schema.shape as Record<string, z.ZodType>;
  const picked: Raw = {};
  for (const [key, field] of Object.entries(shape)) {
    if (!(key in props) || key === "connection") continue;
    const r = field.safeParse(props[key]);
    if (r.success) picked[key] = props[key];
  }
  const all = schema.safeParse(picked);
  const inputs = (all.success ? all.data : schema.partial().parse(picked)) as z.infer<S>;
  // The connection is read on its own terms: unknown fields never make it unreadable (connection.ts).
  return "connection" in shape ? { ...inputs, connection: connectionFromState(props.connection) } : inputs;
}

/**
 * An error raised after the object was made (its ID is known): Pulumi's dynamic provider host turns
 * an error carrying `id` into a partial failure (ErrorResourceInitFailed), so the object and these
 * properties are recorded in state, the next `up` resumes, and `destroy` removes it.
 */
export class PartialFailure extends Error {
  override readonly name = "PartialFailure";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Raw,
    cause?: unknown,
  ) {
    super(redactSecrets(message));
    if (cause !== undefined) Object.defineProperty(this, "cause", { value: cause, enumerable: false });
  }

  get reasons(): string[] {
    return [this.message];
  }
}

/**
 * The properties of a partial failure become the state as they are; the host adds the serialized
 * provider only to successful results, and read/delete of that state need it.
 */
export function withProvider(properties: Raw, news: Raw): Raw {
  return news.__provider === undefined ? properties : { ...properties, __provider: news.__provider };
}

/**
 * Runs what follows the call that made an object. Whatever fails there becomes a PartialFailure with
 * the object's ID and the best properties `recover` can give (it may read the object again; if that
 * fails too, `fallback` is used), so nothing made is ever lost from state.
 */
export async function keepTrack<T>(
  id: string,
  news: Raw,
  work: () => Promise<T>,
  recover: () => Promise<Raw>,
  fallback: () => Raw,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof PartialFailure) throw new PartialFailure(e.message, e.id, withProvider(e.properties, news), e);
    let properties: Raw;
    try {
      properties = await recover();
    } catch {
      properties = fallback();
    }
    throw new PartialFailure(messageOf(e), id, withProvider(properties, news), e);
  }
}
