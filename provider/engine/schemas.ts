/**
 * zod shapes of the Engine objects this package reads. They are deliberately tolerant: unknown fields
 * pass through (newer engines add fields freely), fields newer than API 1.41 are optional, and values
 * that the Engine sends as null are accepted as such. Enums accept unknown strings so that a future
 * engine state does not break a refresh.
 */
import { z } from "zod";
import type { EngineServiceSpec } from "./service-spec";

const str = z.string();
const optStr = z.string().nullish();
const optNum = z.number().nullish();
const optBool = z.boolean().nullish();
const labels = z.record(z.string(), z.string()).nullish();
const version = z.looseObject({ Index: z.number() });
/** A job's iteration: the first one is Index 0, which the Engine omits (`"JobIteration": {}`). */
const jobIteration = z.looseObject({ Index: z.number().default(0) });

/** A known set of values that still accepts unknown strings (future engines). */
function openEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]);
}

// ─── system ──────────────────────────────────────────────────────────────────

export const VersionSchema = z.looseObject({
  Version: str,
  ApiVersion: str,
  MinAPIVersion: optStr,
  Os: optStr,
  Arch: optStr,
  KernelVersion: optStr,
});
export type EngineVersion = z.infer<typeof VersionSchema>;

export const LocalNodeStateSchema = openEnum(["", "inactive", "pending", "active", "error", "locked"] as const);

export const SwarmInfoSchema = z.looseObject({
  NodeID: z.string().default(""),
  NodeAddr: z.string().default(""),
  LocalNodeState: LocalNodeStateSchema.default(""),
  ControlAvailable: z.boolean().default(false),
  Error: optStr,
  RemoteManagers: z.array(z.looseObject({ NodeID: str, Addr: str })).nullish(),
  Nodes: optNum,
  Managers: optNum,
  Cluster: z.looseObject({ ID: str }).nullish(),
});
export type SwarmInfo = z.infer<typeof SwarmInfoSchema>;

export const InfoSchema = z.looseObject({
  ID: optStr,
  Name: optStr,
  ServerVersion: optStr,
  Swarm: SwarmInfoSchema,
});
export type Info = z.infer<typeof InfoSchema>;

// ─── swarm ───────────────────────────────────────────────────────────────────

export const DriverSchema = z.looseObject({ Name: str, Options: labels });

export const ExternalCASchema = z.looseObject({
  Protocol: str,
  URL: str,
  Options: labels,
  CACert: optStr,
});

export const SwarmSpecSchema = z.looseObject({
  Name: optStr,
  Labels: labels,
  Orchestration: z.looseObject({ TaskHistoryRetentionLimit: optNum }).nullish(),
  Raft: z
    .looseObject({
      SnapshotInterval: optNum,
      KeepOldSnapshots: optNum,
      LogEntriesForSlowFollowers: optNum,
      ElectionTick: optNum,
      HeartbeatTick: optNum,
    })
    .nullish(),
  Dispatcher: z.looseObject({ HeartbeatPeriod: optNum }).nullish(),
  CAConfig: z
    .looseObject({
      NodeCertExpiry: optNum,
      ExternalCAs: z.array(ExternalCASchema).nullish(),
      SigningCACert: optStr,
      SigningCAKey: optStr,
      ForceRotate: optNum,
    })
    .nullish(),
  EncryptionConfig: z.looseObject({ AutoLockManagers: optBool }).nullish(),
  TaskDefaults: z.looseObject({ LogDriver: DriverSchema.nullish() }).nullish(),
});
export type SwarmSpec = z.infer<typeof SwarmSpecSchema>;

export const SwarmSchema = z.looseObject({
  ID: str,
  Version: version,
  CreatedAt: optStr,
  UpdatedAt: optStr,
  Spec: SwarmSpecSchema,
  TLSInfo: z.looseObject({ TrustRoot: optStr, CertIssuerSubject: optStr, CertIssuerPublicKey: optStr }).nullish(),
  RootRotationInProgress: optBool,
  DefaultAddrPool: z.array(str).nullish(),
  SubnetSize: optNum,
  DataPathPort: optNum,
  JoinTokens: z.looseObject({ Worker: str, Manager: str }),
});
export type Swarm = z.infer<typeof SwarmSchema>;

export const UnlockKeySchema = z.looseObject({ UnlockKey: z.string() });

/** `POST /swarm/init` answers the new node's ID as a JSON string. */
export const NodeIdSchema = z.string();

// ─── nodes ───────────────────────────────────────────────────────────────────

export const NodeSpecSchema = z.looseObject({
  Name: optStr,
  Labels: labels,
  Role: openEnum(["worker", "manager"] as const),
  Availability: openEnum(["active", "pause", "drain"] as const),
});
export type NodeSpec = z.infer<typeof NodeSpecSchema>;

export const NodeSchema = z.looseObject({
  ID: str,
  Version: version,
  CreatedAt: optStr,
  UpdatedAt: optStr,
  Spec: NodeSpecSchema,
  Description: z
    .looseObject({
      Hostname: optStr,
      Platform: z.looseObject({ Architecture: optStr, OS: optStr }).nullish(),
      Resources: z.looseObject({ NanoCPUs: optNum, MemoryBytes: optNum }).nullish(),
      Engine: z.looseObject({ EngineVersion: optStr, Labels: labels }).nullish(),
    })
    .nullish(),
  Status: z.looseObject({
    State: openEnum(["unknown", "down", "ready", "disconnected"] as const),
    Message: optStr,
    Addr: optStr,
  }),
  ManagerStatus: z
    .looseObject({
      Leader: optBool,
      Reachability: openEnum(["unknown", "unreachable", "reachable"] as const).nullish(),
      Addr: optStr,
    })
    .nullish(),
});
export type Node = z.infer<typeof NodeSchema>;
export const NodeListSchema = z.array(NodeSchema);

// ─── services and tasks ──────────────────────────────────────────────────────

/**
 * The ServiceSpec is mapped field by field in provider/service; here it only needs to be an object
 * with the parts the client itself looks at. Everything else passes through untouched.
 */
export const ServiceSpecSchema = z.looseObject({
  Name: optStr,
  Labels: labels,
  TaskTemplate: z.looseObject({
    ContainerSpec: z.looseObject({ Image: optStr }).nullish(),
    ForceUpdate: optNum,
  }),
  Mode: z
    .looseObject({
      Replicated: z.looseObject({ Replicas: optNum }).nullish(),
      Global: z.looseObject({}).nullish(),
      ReplicatedJob: z.looseObject({ MaxConcurrent: optNum, TotalCompletions: optNum }).nullish(),
      GlobalJob: z.looseObject({}).nullish(),
    })
    .nullish(),
  UpdateConfig: z.looseObject({}).nullish(),
  RollbackConfig: z.looseObject({}).nullish(),
  EndpointSpec: z.looseObject({}).nullish(),
});
/**
 * A spec read back is sent back as it is (read-modify-write), so past this boundary it has the wire
 * type the writers take. The check above covers what the client itself relies on.
 */
const ServiceSpecWire = ServiceSpecSchema.transform((s) => s as unknown as EngineServiceSpec);
export type ServiceSpec = EngineServiceSpec;

export const UpdateStateSchema = openEnum([
  "updating",
  "paused",
  "completed",
  "rollback_started",
  "rollback_paused",
  "rollback_completed",
] as const);

export const ServiceSchema = z.looseObject({
  ID: str,
  Version: version,
  CreatedAt: optStr,
  UpdatedAt: optStr,
  Spec: ServiceSpecWire,
  PreviousSpec: ServiceSpecWire.nullish(),
  Endpoint: z
    .looseObject({
      Spec: z.looseObject({}).nullish(),
      Ports: z
        .array(
          z.looseObject({
            Name: optStr,
            Protocol: optStr,
            TargetPort: optNum,
            PublishedPort: optNum,
            PublishMode: optStr,
          }),
        )
        .nullish(),
      VirtualIPs: z.array(z.looseObject({ NetworkID: optStr, Addr: optStr })).nullish(),
    })
    .nullish(),
  UpdateStatus: z
    .looseObject({ State: UpdateStateSchema.nullish(), StartedAt: optStr, CompletedAt: optStr, Message: optStr })
    .nullish(),
  ServiceStatus: z
    .looseObject({ RunningTasks: optNum, DesiredTasks: optNum, CompletedTasks: optNum })
    .nullish(),
  JobStatus: z
    .looseObject({ JobIteration: jobIteration.nullish(), LastExecution: optStr })
    .nullish(),
});
export type Service = z.infer<typeof ServiceSchema>;
export const ServiceListSchema = z.array(ServiceSchema);

export const ServiceCreateResponseSchema = z.looseObject({
  ID: str,
  Warnings: z.array(str).nullish(),
});
export const ServiceUpdateResponseSchema = z.looseObject({ Warnings: z.array(str).nullish() }).nullish();

export const TaskStateSchema = openEnum([
  "new",
  "allocated",
  "pending",
  "assigned",
  "accepted",
  "preparing",
  "ready",
  "starting",
  "running",
  "complete",
  "shutdown",
  "failed",
  "rejected",
  "remove",
  "orphaned",
] as const);

export const TaskSchema = z.looseObject({
  ID: str,
  Version: version.nullish(),
  CreatedAt: optStr,
  UpdatedAt: optStr,
  Name: optStr,
  ServiceID: z.string().default(""),
  Slot: optNum,
  NodeID: optStr,
  DesiredState: TaskStateSchema.nullish(),
  Status: z.looseObject({
    Timestamp: optStr,
    State: TaskStateSchema,
    Message: optStr,
    Err: optStr,
    ContainerStatus: z.looseObject({ ContainerID: optStr, PID: optNum, ExitCode: optNum }).nullish(),
  }),
  JobIteration: jobIteration.nullish(),
  Spec: z.looseObject({}).nullish(),
});
export type Task = z.infer<typeof TaskSchema>;
export const TaskListSchema = z.array(TaskSchema);
