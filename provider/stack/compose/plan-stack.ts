/**
 * A loaded Compose project + a stack namespace → the plan of what `docker stack deploy` would make
 * (plan-types.ts). Pure and deterministic: no I/O, the same plan for the same input.
 */
import { ComposeError, Findings } from "./compose-error";
import { checkPlan } from "./check-plan";
import type { ComposeProject } from "./project";
import { planFileObject, planNetwork, planVolume, usedNetworkKeys } from "./plan-objects";
import { planService } from "./plan-service";
import type { StackPlan } from "./plan-types";

export interface PlanStackOptions {
  /** The stack's name: every object is named `<namespace>_<key>` and labelled with it. */
  namespace: string;
}

export function planStack(project: ComposeProject, options: PlanStackOptions): StackPlan {
  const namespace = options.namespace;
  // The CLI's only check on a stack name: not empty once quotes and whitespace are trimmed.
  if (!namespace.replace(/^[\s"']+|[\s"']+$/g, "")) throw new ComposeError([{ path: "(namespace)", message: `invalid stack name: ${JSON.stringify(namespace)}` }]);

  const plan: StackPlan = { namespace, services: {}, networks: {}, secrets: {}, configs: {}, volumes: {} };
  for (const key of usedNetworkKeys(project)) plan.networks[key] = planNetwork(namespace, key, project.networks[key]);
  for (const [key, s] of Object.entries(project.secrets)) plan.secrets[key] = planFileObject(namespace, key, s);
  for (const [key, c] of Object.entries(project.configs)) plan.configs[key] = planFileObject(namespace, key, c);
  for (const [key, v] of Object.entries(project.volumes)) plan.volumes[key] = planVolume(namespace, key, v);
  for (const [key, s] of Object.entries(project.services)) {
    const args = planService(namespace, key, s, plan);
    plan.services[key] = { name: args.name as string, args };
  }
  const findings = new Findings();
  checkPlan(plan, findings);
  findings.throwIfAny(`the Compose file cannot be deployed as stack "${namespace}"`);
  return plan;
}
