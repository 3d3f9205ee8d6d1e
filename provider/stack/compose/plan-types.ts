/**
 * What a Compose file comes to once a stack namespace is chosen: the swarm objects `docker stack
 * deploy` would make, named and labelled as it names and labels them, with each service's settings as
 * SwarmService inputs. References between objects stay symbolic (Compose keys), so that the component
 * can pass the resources it creates (and Pulumi can order them): see SecretRef, ConfigRef, NetworkRef.
 */
import type { FileObjectSource } from "./project";

export type { FileObjectSource };

/** The label docker stack deploy puts on everything it makes; `docker stack ls/ps/rm` find objects by it. */
export const NAMESPACE_LABEL = "com.docker.stack.namespace";
/** The label docker stack deploy puts on services: the image as written in the Compose file. */
export const IMAGE_LABEL = "com.docker.stack.image";

/** In `args.secrets`: give the service the secret planned under `secrets[secretKey]`. */
export interface SecretRef {
  secretKey: string;
  /** File name under /run/secrets (the CLI's default: the Compose key). */
  fileName: string;
  uid: string;
  gid: string;
  mode: number;
}

/** In `args.configs`: a config planned under `configs[configKey]`, as a file, or for the runtime only. */
export type ConfigRef =
  | { configKey: string; fileName: string; uid: string; gid: string; mode: number }
  | { configKey: string; runtime: true };

/** In `args.networks`: attach to the network planned under `networks[networkKey]`. */
export interface NetworkRef {
  networkKey: string;
  aliases?: string[];
  driverOpts?: Record<string, string>;
}

export interface PlannedService {
  /** `<namespace>_<key>`, also in `args.name`. */
  name: string;
  /**
   * SwarmService inputs (provider/service/args), except that `secrets`, `configs` and `networks` hold
   * SecretRef, ConfigRef and NetworkRef entries to resolve to the names (or IDs) of the objects made.
   */
  args: Record<string, unknown>;
}

export interface PlannedNetwork {
  /** `<namespace>_<key>`, or `name:`; for an external network its existing name. */
  name: string;
  /** Only referred to: it must exist (swarm-scoped) and is never created or removed. */
  external: boolean;
  /** "overlay" unless given (docker stack deploy's default). Absent for external networks. */
  driver?: string;
  driverOpts?: Record<string, string>;
  attachable?: boolean;
  internal?: boolean;
  ipam?: { driver?: string; config?: Array<{ subnet: string }> };
  /** The network's labels with the namespace label. Absent for external networks. */
  labels?: Record<string, string>;
}

export interface PlannedFileObject {
  /** `<namespace>_<key>`, or `name:`; for an external object its existing name. */
  name: string;
  external: boolean;
  /**
   * Where the data comes from (absent for external objects and driver-made secrets):
   * `{ file }` an absolute path, read when the object is made; `{ environment, value }` a variable's
   * value (resolved at load time); `{ content }` inline text (configs).
   */
  source?: FileObjectSource;
  /** With the namespace label. Absent for external objects. */
  labels?: Record<string, string>;
  /** Secrets only: a secret driver (the Engine gets the data from it) and its options. */
  driver?: string;
  driverOpts?: Record<string, string>;
  /** A templating driver ("golang"). */
  templateDriver?: string;
}

export interface PlannedVolume {
  /** The volume's name on the nodes: `<namespace>_<key>`, or `name:`; for an external volume its existing name. */
  name: string;
  external: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  /** With the namespace label. Absent for external volumes. */
  labels?: Record<string, string>;
}

export interface StackPlan {
  namespace: string;
  services: Record<string, PlannedService>;
  /** Only the networks some service joins (as docker stack deploy), `default` included when used. */
  networks: Record<string, PlannedNetwork>;
  secrets: Record<string, PlannedFileObject>;
  configs: Record<string, PlannedFileObject>;
  /**
   * Every top-level volume. Swarm has no stack-wide volumes: each node makes a named volume when a task
   * first mounts it, from the mount's settings, which the services' `mounts` already carry.
   */
  volumes: Record<string, PlannedVolume>;
}
