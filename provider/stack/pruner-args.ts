/**
 * The inputs of a stack's pruner: the namespace, and what the Compose file declares (names, and the
 * owners that tie the versions of SwarmSecret / SwarmConfig / SwarmNetwork objects together), so that
 * objects carrying the namespace label and declared by nobody can be told apart.
 */
import { z } from "zod";
import { connectionInput } from "../common/schemas";

const names = z.array(z.string()).default([]);

export const prunerInputs = z.strictObject({
  connection: connectionInput.optional(),
  namespace: z.string().min(1),
  /** Remove what the file no longer declares (true), or only report it (false). */
  prune: z.boolean().default(false),
  declared: z
    .strictObject({ services: names, networks: names, secrets: names, configs: names })
    .prefault({}),
  /** The version-of owners of the stack's children (their objects are declared, whatever their hashed names). */
  owners: names,
  _name: z.string().optional(),
});
export type PrunerInputs = z.infer<typeof prunerInputs>;
