/**
 * What the SwarmService resource returns besides its inputs (outputs.ts readOutputs), as a zod schema:
 * the provider plugin's Pulumi schema publishes it (plugin/schema.ts), and a unit test checks the SDK's
 * SwarmService class declares the same outputs.
 */
import { z } from "zod";
import { engineIdentityOutput } from "../common/schemas";

const n = z.number();
const s = z.string();

export const serviceOutputs = z.object({
  serviceId: s.meta({ description: "The service's ID." }),
  name: s.meta({ description: "The service's name in the swarm." }),
  image: s.meta({ description: "The image as declared." }),
  version: n.meta({ description: "The service object's version index after the last write." }),
  createdAt: s.meta({ description: "When the service was created." }),
  updatedAt: s.meta({ description: "When the service was last updated." }),
  spec: z.record(s, z.unknown()).meta({ description: "The spec as read back from the Engine, in the inputs' shape (durations as \"10s\", networks by name)." }),
  secretSpec: z.record(s, z.unknown()).meta({
    description: "The parts of the read-back spec under inputs that held a secret (`env` when one of its values is a secret): kept out of `spec`, and always a secret.",
    secret: true,
  }),
  engine: engineIdentityOutput.meta({ description: "The engine the service was made on: its address and ID, and the swarm's cluster ID. Later operations act only there." }),
  endpointPorts: z
    .array(
      z.object({
        name: s.optional(),
        protocol: s.meta({ description: '"tcp", "udp" or "sctp".' }),
        targetPort: n.meta({ description: "The port inside the containers." }),
        publishedPort: n.meta({ description: "The port on the nodes (the Engine's pick when none was declared)." }),
        publishMode: s.meta({ description: '"ingress" or "host".' }),
      }),
    )
    .meta({ description: "Published ports, with the ports the Engine assigned." }),
  virtualIps: z
    .array(z.object({ networkId: s.meta({ description: "The network's ID." }), addr: s.meta({ description: "The virtual IP, as a CIDR." }) }))
    .meta({ description: "Virtual IPs of the service on its networks." }),
  runningTasks: n.meta({ description: "Running tasks (as the Engine counted them when last read)." }),
  desiredTasks: n.meta({ description: "Desired tasks." }),
  completedTasks: n.meta({ description: "Completed tasks (jobs)." }),
  updateStatus: z
    .object({ state: s.optional(), message: s.optional(), startedAt: s.optional(), completedAt: s.optional() })
    .meta({ description: "The last update's status (empty when there was none)." }),
  jobIteration: n.optional().meta({ description: "Jobs: the current iteration." }),
  resolvedImage: s.optional().meta({ description: "The image pinned by resolveImage (name:tag@digest), when it could be resolved." }),
  registryAuthHash: s.meta({ description: "A hash of the registry credentials last sent (to notice a change). Secret.", secret: true }),
  references: z
    .object({ secrets: z.record(s, s), configs: z.record(s, s), networks: z.record(s, s) })
    .meta({ description: "Name → ID of the secrets, configs and networks the service refers to." }),
  adopted: z.boolean().meta({ description: "True when this resource took over an existing service." }),
  apiVersion: s.meta({ description: "The Engine API version used." }),
});
