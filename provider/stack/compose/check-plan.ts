/**
 * The last check of a plan: every service's inputs, references resolved, must pass the SwarmService
 * schema itself, so a Compose file that maps to something SwarmService would refuse fails here, at
 * load time, naming the Compose key, rather than later in `pulumi preview` naming an input the user
 * never wrote (`extra_hosts` with a host name instead of an IP, a constraint without `==`, …).
 */
import { validate } from "../../common/check";
import { serviceInputs } from "../../service/args";
import { Findings } from "./compose-error";
import type { StackPlan } from "./plan-types";
import { resolveReferences } from "./resolve-references";

/** SwarmService input → the Compose key it comes from. */
const SOURCE: Record<string, string> = {
  name: "(name)",
  labels: "deploy.labels",
  command: "entrypoint",
  args: "command",
  env: "environment",
  containerLabels: "labels",
  workdir: "working_dir",
  openStdin: "stdin_open",
  readOnly: "read_only",
  stopSignal: "stop_signal",
  stopGracePeriod: "stop_grace_period",
  hosts: "extra_hosts",
  capabilityAdd: "cap_add",
  capabilityDrop: "cap_drop",
  privileges: "credential_spec",
  mounts: "volumes",
  endpoint: "ports",
  mode: "deploy.mode",
  replicas: "deploy.replicas",
  maxConcurrent: "deploy.replicas",
  totalCompletions: "deploy.replicas",
  resources: "deploy.resources",
  restartPolicy: "deploy.restart_policy",
  placement: "deploy.placement",
  updateConfig: "deploy.update_config",
  rollbackConfig: "deploy.rollback_config",
  logDriver: "logging",
};

export function checkPlan(plan: StackPlan, findings: Findings): void {
  for (const [key, service] of Object.entries(plan.services)) {
    const { failures } = validate(serviceInputs, resolveReferences(service, plan));
    for (const f of failures) {
      const input = f.property.split(/[.[]/)[0];
      const composeKey = SOURCE[input] ?? input;
      const reason = f.reason.startsWith(`${f.property}: `) ? f.reason.slice(f.property.length + 2) : f.reason;
      const where = composeKey === "(name)" ? ["services", key] : ["services", key, ...composeKey.split(".")];
      findings.error(where, `SwarmService would refuse it (input ${f.property}): ${reason}`);
    }
  }
}
