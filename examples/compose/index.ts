// A Compose file deployed as a swarm stack, as `docker stack deploy -c docker-stack.yml shop` would:
// same names (shop_web, shop_frontend, …), labels and default network, so `docker stack ps shop`
// shows it. Each service, network, secret and config is its own resource in `pulumi preview`.
//
//   pulumi config set manager unix:///path/to/manager.sock     # a manager of an existing swarm
//   pulumi up
//
// Optional: composeFile (default docker-stack.yml), namespace (default "shop"), prune (true/false),
// adopt, rollback ("service" or "stack"), image (the ${IMAGE} of the file), appEnv (${APP_ENV}).
import * as pulumi from "@pulumi/pulumi";
import { SwarmStack } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const variables: Record<string, string> = {};
for (const [key, name] of [["image", "IMAGE"], ["appEnv", "APP_ENV"]] as const) {
  const v = config.get(key);
  if (v !== undefined) variables[name] = v;
}
const stack = new SwarmStack("shop", {
  connection: { host: config.require("manager") },
  composeFile: config.get("composeFile") ?? "docker-stack.yml",
  namespace: config.get("namespace") ?? "shop",
  variables,
  useEnvironment: true,
  prune: config.getBoolean("prune") ?? false,
  adopt: config.getBoolean("adopt") ?? false,
  rollback: (config.get("rollback") as "service" | "stack" | undefined) ?? "service",
  convergence: { timeout: "3m" },
});

export const services = stack.services;
export const networks = stack.networks;
export const secrets = stack.secrets;
export const strays = stack.strays;
