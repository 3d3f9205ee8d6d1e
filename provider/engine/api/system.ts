/** System endpoints: ping, version, info. Info works on every engine, whatever its swarm state. */
import type { HttpEngineClient } from "../client";
import { InfoSchema, VersionSchema, type EngineVersion, type Info } from "../schemas";

export class SystemApi {
  constructor(private readonly http: HttpEngineClient) {}

  /** `GET /_ping`: true when the engine answers "OK". */
  async ping(): Promise<boolean> {
    const res = await this.http.call("GET", "/_ping", { unversioned: true });
    return res.body.toString("utf8").trim() === "OK";
  }

  version(): Promise<EngineVersion> {
    return this.http.json("GET", "/version", VersionSchema);
  }

  info(): Promise<Info> {
    return this.http.json("GET", "/info", InfoSchema);
  }
}
