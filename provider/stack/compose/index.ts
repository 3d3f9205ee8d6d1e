/**
 * The pure core of Compose stacks: a Compose file → a validated project (loadCompose) → the plan of
 * the swarm objects `docker stack deploy` would make, as SwarmService inputs and object specs
 * (planStack). No I/O: files are read through the caller's readFile, or carried as paths.
 */
export { ComposeError, type ComposeIssue } from "./compose-error";
export { loadCompose, type LoadComposeOptions, type LoadComposeResult } from "./load-compose";
export { planStack, type PlanStackOptions } from "./plan-stack";
export { resolveReferences } from "./resolve-references";
export type { ComposeProject, ComposeService, ComposeNetwork, ComposeVolume, ComposeFileObject, FileObjectSource } from "./project";
export {
  IMAGE_LABEL,
  NAMESPACE_LABEL,
  type ConfigRef,
  type NetworkRef,
  type PlannedFileObject,
  type PlannedNetwork,
  type PlannedService,
  type PlannedVolume,
  type SecretRef,
  type StackPlan,
} from "./plan-types";
