/**
 * The Engine's ServiceSpec as this package writes and reads it (Go field names, nanoseconds, bytes),
 * up to API 1.45. The client's own schema (engine/schemas.ts) only checks the outline; these types
 * describe every field the mapping in this folder handles. Values the Engine may send as null are
 * typed as such, since read-back specs flow through the same functions as the ones we build.
 */

export type Labels = Record<string, string>;

export interface EngineDriver {
  Name: string;
  Options?: Labels | null;
}

export interface EngineMount {
  Type: string;
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean } | null;
  VolumeOptions?: {
    NoCopy?: boolean;
    Labels?: Labels | null;
    Subpath?: string;
    DriverConfig?: { Name?: string; Options?: Labels | null } | null;
  } | null;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number } | null;
}

export interface EngineFileTarget {
  Name: string;
  UID: string;
  GID: string;
  Mode: number;
}

export interface EngineSecretRef {
  File?: EngineFileTarget | null;
  SecretID?: string;
  SecretName?: string;
}

export interface EngineConfigRef {
  File?: EngineFileTarget | null;
  Runtime?: Record<string, never> | null;
  ConfigID?: string;
  ConfigName?: string;
}

export interface EngineHealthcheck {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface EnginePrivileges {
  CredentialSpec?: { Config?: string; File?: string; Registry?: string } | null;
  SELinuxContext?: { Disable?: boolean; User?: string; Role?: string; Type?: string; Level?: string } | null;
  Seccomp?: { Mode?: string; Profile?: string } | null;
  AppArmor?: { Mode?: string } | null;
  NoNewPrivileges?: boolean;
}

export interface EngineContainerSpec {
  Image: string;
  Labels?: Labels | null;
  Command?: string[] | null;
  Args?: string[] | null;
  Hostname?: string;
  Env?: string[] | null;
  Dir?: string;
  User?: string;
  Groups?: string[] | null;
  Privileges?: EnginePrivileges | null;
  Init?: boolean | null;
  StopSignal?: string;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: EngineMount[] | null;
  StopGracePeriod?: number | null;
  Healthcheck?: EngineHealthcheck | null;
  Hosts?: string[] | null;
  DNSConfig?: { Nameservers?: string[] | null; Search?: string[] | null; Options?: string[] | null } | null;
  Secrets?: EngineSecretRef[] | null;
  Configs?: EngineConfigRef[] | null;
  Isolation?: string;
  Sysctls?: Labels | null;
  CapabilityAdd?: string[] | null;
  CapabilityDrop?: string[] | null;
  Ulimits?: Array<{ Name: string; Soft: number; Hard: number }> | null;
}

export interface EngineResourceSet {
  NanoCPUs?: number;
  MemoryBytes?: number;
  Pids?: number;
  GenericResources?: Array<{
    NamedResourceSpec?: { Kind: string; Value: string } | null;
    DiscreteResourceSpec?: { Kind: string; Value: number } | null;
  }> | null;
}

export interface EngineNetworkAttachment {
  Target: string;
  Aliases?: string[] | null;
  DriverOpts?: Labels | null;
}

export interface EngineTaskTemplate {
  ContainerSpec: EngineContainerSpec;
  Resources?: { Limits?: EngineResourceSet | null; Reservations?: EngineResourceSet | null } | null;
  RestartPolicy?: { Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number } | null;
  Placement?: {
    Constraints?: string[] | null;
    Preferences?: Array<{ Spread?: { SpreadDescriptor: string } }> | null;
    MaxReplicas?: number;
    Platforms?: Array<{ Architecture?: string; OS?: string }> | null;
  } | null;
  Networks?: EngineNetworkAttachment[] | null;
  LogDriver?: EngineDriver | null;
  ForceUpdate?: number;
  Runtime?: string;
}

export interface EngineMode {
  Replicated?: { Replicas?: number } | null;
  Global?: Record<string, never> | null;
  ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number } | null;
  GlobalJob?: Record<string, never> | null;
}

export interface EngineUpdateConfig {
  Parallelism?: number;
  Delay?: number;
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: string;
}

export interface EnginePortConfig {
  Name?: string;
  Protocol?: string;
  TargetPort: number;
  PublishedPort?: number;
  PublishMode?: string;
}

export interface EngineEndpointSpec {
  Mode?: string;
  Ports?: EnginePortConfig[] | null;
}

export interface EngineServiceSpec {
  Name?: string;
  Labels?: Labels | null;
  TaskTemplate: EngineTaskTemplate;
  Mode?: EngineMode | null;
  UpdateConfig?: EngineUpdateConfig | null;
  RollbackConfig?: EngineUpdateConfig | null;
  EndpointSpec?: EngineEndpointSpec | null;
  /** Deprecated top-level networks: never written by this package, ignored on read. */
  Networks?: unknown;
}
