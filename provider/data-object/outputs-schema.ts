/**
 * What SwarmSecret and SwarmConfig return besides their inputs (lifecycle.ts), as zod schemas: the
 * provider plugin's Pulumi schema publishes them (plugin/schema.ts), and a unit test checks the SDK's
 * classes declare the same outputs.
 */
import { z } from "zod";
import { engineIdentityOutput } from "../common/schemas";
import type { DataObjectKind } from "./args";

export function dataObjectOutputs(kind: DataObjectKind) {
  const s = z.string();
  return z.object({
    [`${kind}Id`]: s.meta({ description: "The current Engine object's ID (changes with each rotation)." }),
    name: s.meta({ description: "The logical name." }),
    engineName: s.meta({ description: "The current Engine object's name, e.g. `db_password-3f9a1c2e`." }),
    labels: z.record(s, s).meta({ description: "Labels of the object." }),
    dataHash: s.meta({ description: `A keyed hash of the data${kind === "secret" ? ". Secret." : "."}`, secret: kind === "secret" }),
    version: z.number().meta({ description: "The object's version index." }),
    createdAt: s.meta({ description: "When the current object was created." }),
    engine: engineIdentityOutput.meta({ description: "The manager and swarm it was made in." }),
    adopted: z.boolean().meta({ description: "True when this resource took over an existing object." }),
  });
}
