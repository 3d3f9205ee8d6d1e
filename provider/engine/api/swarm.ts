/** Swarm endpoints: init, join, leave, inspect, update (with token/key rotation), unlock. */
import type { HttpEngineClient } from "../client";
import { NodeIdSchema, SwarmSchema, UnlockKeySchema, type Swarm, type SwarmSpec } from "../schemas";

export interface InitRequest {
  ListenAddr: string;
  AdvertiseAddr?: string;
  DataPathAddr?: string;
  DataPathPort?: number;
  DefaultAddrPool?: string[];
  SubnetSize?: number;
  ForceNewCluster?: boolean;
  AutoLockManagers?: boolean;
  Availability?: string;
  Spec: SwarmSpec;
}

export interface JoinRequest {
  ListenAddr: string;
  AdvertiseAddr?: string;
  DataPathAddr?: string;
  RemoteAddrs: string[];
  JoinToken: string;
  Availability?: string;
}

export interface SwarmUpdateFlags {
  rotateWorkerToken?: boolean;
  rotateManagerToken?: boolean;
  rotateManagerUnlockKey?: boolean;
}

/** The engine may take up to 20 s (its own join timeout) before answering init or join. */
const MEMBERSHIP_TIMEOUT_MS = 60_000;

export class SwarmApi {
  constructor(private readonly http: HttpEngineClient) {}

  inspect(): Promise<Swarm> {
    return this.http.json("GET", "/swarm", SwarmSchema);
  }

  /** Returns the new node's ID. */
  init(req: InitRequest): Promise<string> {
    return this.http.json("POST", "/swarm/init", NodeIdSchema, { body: req, timeoutMs: MEMBERSHIP_TIMEOUT_MS });
  }

  async join(req: JoinRequest): Promise<void> {
    await this.http.call("POST", "/swarm/join", { body: req, timeoutMs: MEMBERSHIP_TIMEOUT_MS });
  }

  async leave(force: boolean): Promise<void> {
    await this.http.call("POST", "/swarm/leave", { query: { force }, timeoutMs: MEMBERSHIP_TIMEOUT_MS });
  }

  /** Full replacement of the spec: always send a spec that was read, modified and written back. */
  async update(version: number, spec: SwarmSpec, flags: SwarmUpdateFlags = {}): Promise<void> {
    await this.http.call("POST", "/swarm/update", {
      query: {
        version,
        rotateWorkerToken: flags.rotateWorkerToken || undefined,
        rotateManagerToken: flags.rotateManagerToken || undefined,
        rotateManagerUnlockKey: flags.rotateManagerUnlockKey || undefined,
      },
      body: spec,
    });
  }

  /** The current unlock key ("" when autolock is off). */
  async unlockKey(): Promise<string> {
    return (await this.http.json("GET", "/swarm/unlockkey", UnlockKeySchema)).UnlockKey;
  }

  async unlock(key: string): Promise<void> {
    await this.http.call("POST", "/swarm/unlock", { body: { UnlockKey: key } });
  }
}

