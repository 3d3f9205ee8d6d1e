/** `GET /events`: the Engine's event stream, filtered (managers report service, node, secret, config events). */
import type { HttpEngineClient } from "../client";
import { nonEmpty } from "./nodes";

export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  timeNano?: number;
}

export type EventFilters = Partial<Record<"type" | "event" | "service" | "node" | "scope", string[]>>;

export class EventsApi {
  constructor(private readonly http: HttpEngineClient) {}

  /** Streams events until `signal` aborts or the engine ends the stream. Unparsable lines are skipped. */
  subscribe(filters: EventFilters, onEvent: (e: EngineEvent) => void, signal: AbortSignal): Promise<void> {
    return this.http.streamLines(
      "/events",
      { query: { filters: nonEmpty(filters) } },
      (line) => {
        try {
          onEvent(JSON.parse(line) as EngineEvent);
        } catch {
          // Not JSON: nothing to act on.
        }
      },
      signal,
    );
  }
}
