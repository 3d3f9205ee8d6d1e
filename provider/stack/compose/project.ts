/**
 * A loaded Compose file: validated, interpolated, and normalised to one shape per key (lists where
 * the format allows a string or a list, mappings where it allows a list or a mapping, long syntax for
 * ports, volumes, secrets and configs), with every file path absolute and env_file already merged into
 * `environment`. Keys keep their Compose names, so a reader can follow a key from the file to the plan.
 */
import type { PortConfig } from "./parse-port-spec";
import type { VolumeMountSpec } from "./parse-volume-spec";
import type { RawDeploy, RawService, RawServiceNetwork } from "./schema-service";

export type { PortConfig, VolumeMountSpec };

export interface FileReference {
  /** The key under the top-level `secrets` / `configs`. */
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export type ComposeDeploy = Omit<RawDeploy, "labels"> & { labels: Record<string, string> };

export interface TmpfsMount {
  target: string;
  sizeBytes?: number;
  mode?: number;
}

export type ComposeService = Omit<
  RawService,
  | "deploy" | "environment" | "env_file" | "labels" | "ports" | "networks" | "secrets" | "configs" | "volumes"
  | "tmpfs" | "extra_hosts" | "sysctls" | "ulimits" | "dns" | "dns_search" | "healthcheck" | "command" | "entrypoint" | "image"
> & {
  image: string;
  command?: string[];
  entrypoint?: string[];
  deploy: ComposeDeploy;
  /** env_file and environment merged, values resolved; variables left without a value are dropped. */
  environment: Record<string, string>;
  labels: Record<string, string>;
  ports: PortConfig[];
  /** The networks the service joins by their key; empty when it declares none (it then joins `default`). */
  networks: Record<string, RawServiceNetwork>;
  secrets: FileReference[];
  configs: FileReference[];
  /** Long syntax; bind sources are absolute. */
  volumes: VolumeMountSpec[];
  /** The `tmpfs` key, read like `docker run --tmpfs`. */
  tmpfs: TmpfsMount[];
  /** [hostname, IP] in the order given (a mapping: sorted by hostname, as the CLI). */
  extra_hosts: Array<[string, string]>;
  sysctls: Record<string, string>;
  ulimits: Array<{ name: string; soft: number; hard: number }>;
  dns: string[];
  dns_search: string[];
  healthcheck?: {
    /** The test as the Engine takes it: a string test becomes ["CMD-SHELL", test]. */
    test?: string[];
    disable?: boolean;
    interval?: string;
    timeout?: string;
    start_period?: string;
    start_interval?: string;
    retries?: number;
  };
};

export interface ComposeNetwork {
  /** The network's own name when given (`name:`, or the external network's name, which defaults to its key). */
  name?: string;
  external: boolean;
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: { driver?: string; config?: Array<{ subnet?: string }> };
  internal?: boolean;
  attachable?: boolean;
  labels: Record<string, string>;
}

export interface ComposeVolume {
  /** As for networks: `name:`, or the external volume's name (its key by default). */
  name?: string;
  external: boolean;
  driver?: string;
  driver_opts?: Record<string, string>;
  labels: Record<string, string>;
}

/** Where a secret's or config's data comes from. */
export type FileObjectSource =
  | { file: string }
  | { environment: string; value: string }
  | { content: string };

export interface ComposeFileObject {
  /** As for networks: `name:`, or the external object's name (its key by default). */
  name?: string;
  external: boolean;
  /** Absent for an external object and for a secret made by a secret driver. */
  source?: FileObjectSource;
  labels: Record<string, string>;
  driver?: string;
  driver_opts?: Record<string, string>;
  template_driver?: string;
}

export interface ComposeProject {
  /** The Compose file version it declares ("3.13" when it declares none). */
  version: string;
  /** The folder relative paths were resolved against. */
  workingDir: string;
  services: Record<string, ComposeService>;
  networks: Record<string, ComposeNetwork>;
  volumes: Record<string, ComposeVolume>;
  secrets: Record<string, ComposeFileObject>;
  configs: Record<string, ComposeFileObject>;
  /** Top-level `x-` keys, as written (after interpolation). */
  extensions: Record<string, unknown>;
}
