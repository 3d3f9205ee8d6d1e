/**
 * A planned service's inputs with its symbolic references (SecretRef, ConfigRef, NetworkRef) replaced
 * by the planned objects' names: the exact inputs a SwarmService gets when every object is made under
 * its planned name. The component does the same with the resources it creates (so that Pulumi orders
 * them); this is the reference version, used to check plans against the SwarmService schema.
 */
import type { ConfigRef, NetworkRef, PlannedService, SecretRef, StackPlan } from "./plan-types";

export function resolveReferences(service: PlannedService, plan: Pick<StackPlan, "networks" | "secrets" | "configs">): Record<string, unknown> {
  const args = { ...service.args };
  if (args.secrets) {
    args.secrets = (args.secrets as SecretRef[]).map(({ secretKey, ...file }) => ({ secretName: plan.secrets[secretKey].name, ...file }));
  }
  if (args.configs) {
    args.configs = (args.configs as ConfigRef[]).map(({ configKey, ...rest }) => ({ configName: plan.configs[configKey].name, ...rest }));
  }
  if (args.networks) {
    args.networks = (args.networks as NetworkRef[]).map(({ networkKey, ...rest }) => ({ target: plan.networks[networkKey].name, ...rest }));
  }
  return args;
}
