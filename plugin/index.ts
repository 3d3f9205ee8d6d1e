/**
 * The provider-plugin front-end: the resource lifecycles of provider/ behind Pulumi's provider
 * protocol (server.ts), with a Pulumi schema generated from the zod schemas (schema.ts). Started by
 * the `pulumi-resource-docker-swarm` launcher (bin/), or by `pulumi package add` from PulumiPlugin.yaml.
 */
export { main } from "./main";
export { serve, DockerSwarmProvider } from "./server";
export { generateSchema, schemaText } from "./schema";
