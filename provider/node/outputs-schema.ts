/**
 * What the SwarmNode resource returns besides its inputs (spec.ts outputsFor), as a zod schema: the
 * provider plugin's Pulumi schema publishes it (plugin/schema.ts), and a unit test checks the SDK's
 * SwarmNode class declares the same outputs.
 */
import { z } from "zod";
import { engineIdentityOutput } from "../common/schemas";

const s = z.string();

export const nodeOutputs = z.object({
  nodeId: s.meta({ description: "The node's ID in the swarm." }),
  hostname: s.meta({ description: "The hostname of the node's engine." }),
  role: s.meta({ description: '"worker" or "manager", as the managers report it.' }),
  availability: s.meta({ description: '"active", "pause" or "drain", as the managers report it.' }),
  labels: z.record(s, s).meta({ description: "The node's labels, as the managers report them (all of them, also in merge mode)." }),
  name: s.meta({ description: 'The node\'s name in the swarm ("" when it has none).' }),
  state: s.meta({ description: '"ready", "down", "unknown" or "disconnected".' }),
  stateMessage: s.meta({ description: 'The managers\' message about the node\'s state (e.g. "heartbeat failure").' }),
  address: s.meta({ description: "The address the managers see the node at." }),
  engineVersion: s.meta({ description: 'The Docker Engine version of the node, e.g. "26.1.5".' }),
  managerStatus: z
    .object({
      leader: z.boolean().meta({ description: "Whether it leads the raft." }),
      reachability: s.meta({ description: '"reachable", "unreachable" or "unknown".' }),
      address: s.meta({ description: '"ip:port" the manager listens on for raft traffic.' }),
    })
    .nullable()
    .meta({ description: "The node's place in the managers' raft; null unless it is a manager." }),
  version: z.number().meta({ description: "The node object's version index after the last write or read." }),
  adopted: z.boolean().meta({ description: "True when the engine was already a member of this swarm and the resource took it over." }),
  engine: engineIdentityOutput.optional().meta({ description: "The node's own engine as recorded when it joined (absent when the resource has no `connection`)." }),
  managerEngine: engineIdentityOutput.meta({
    description: "The manager the node is managed through, as recorded at create: later operations go only through a manager of that swarm.",
  }),
});
