/**
 * What the SwarmNetwork resource returns besides its inputs (lifecycle.ts outputs), as a zod schema:
 * the provider plugin's Pulumi schema publishes it (plugin/schema.ts), and a unit test checks the SDK's
 * SwarmNetwork class declares the same outputs.
 */
import { z } from "zod";
import { engineIdentityOutput } from "../common/schemas";

const s = z.string();

export const networkOutputs = z.object({
  networkId: s.meta({ description: "The network's ID." }),
  name: s.meta({ description: "The declared name." }),
  engineName: s.meta({ description: "The network's name on the Engine (the declared one, or with a short hash while a replacement's old network holds it)." }),
  scope: s.meta({ description: 'Always "swarm".' }),
  subnets: z
    .array(z.object({ subnet: s.optional(), gateway: s.optional(), ipRange: s.optional() }))
    .meta({ description: "The subnets in use (the Engine picks one from the swarm's pools when none is declared)." }),
  createdAt: s.meta({ description: "When the network was created." }),
  engine: engineIdentityOutput.meta({ description: "The manager and swarm it was made in." }),
  adopted: z.boolean().meta({ description: "True when this resource took over an existing network." }),
});
