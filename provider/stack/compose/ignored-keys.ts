/**
 * Service keys that `docker stack deploy` refuses, or accepts and does not apply, with what it says
 * about them (docker/cli cli/compose/types/types.go), plus the few it drops without a word and the
 * ones it applies but SwarmService cannot (yet). The loader turns the first list into errors and the
 * others into warnings naming each path.
 */

/** Refused by the CLI before anything else ("compose file contains unsupported options"). */
export const FORBIDDEN_KEYS: Record<string, string> = {
  extends: "Support for `extends` is not implemented yet.",
  volume_driver:
    "Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.",
  volumes_from:
    "To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.",
  cpu_quota: "Set resource limits using deploy.resources",
  cpu_shares: "Set resource limits using deploy.resources",
  cpuset: "Set resource limits using deploy.resources",
  mem_limit: "Set resource limits using deploy.resources",
  memswap_limit: "Set resource limits using deploy.resources",
};

/** The CLI's "Ignoring unsupported options: …" list (`restart` is handled on its own: see load-compose). */
export const UNSUPPORTED_KEYS = [
  "build",
  "cgroupns_mode",
  "cgroup_parent",
  "devices",
  "domainname",
  "external_links",
  "ipc",
  "links",
  "mac_address",
  "network_mode",
  "pid",
  "privileged",
  "security_opt",
  "shm_size",
  "userns_mode",
] as const;

/** The CLI's "Ignoring deprecated options" list, with its reasons. */
export const DEPRECATED_KEYS: Record<string, string> = {
  container_name: "Setting the container name is not supported.",
  expose: "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};

/** Accepted by the CLI's schema and dropped without a warning there; warned about here. */
export const SILENTLY_IGNORED_KEYS: Record<string, string> = {
  depends_on: "swarm starts services in no particular order (docker stack deploy ignores it without a warning)",
};

/** Applied by docker stack deploy, but SwarmService has no input for it. */
export const NO_SERVICE_INPUT_KEYS: Record<string, string> = {
  oom_score_adj: "SwarmService has no input for it yet (ContainerSpec.OomScoreAdj needs Engine API 1.46; this package goes up to 1.45), so it is not applied",
};
