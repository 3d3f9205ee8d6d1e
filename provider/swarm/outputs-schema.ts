/**
 * What the Swarm resource returns besides its inputs (lifecycle.ts readOutputs), as a zod schema: the
 * provider plugin's Pulumi schema publishes it (plugin/schema.ts), and a unit test checks the SDK's
 * Swarm class declares the same outputs.
 */
import { z } from "zod";
import { engineIdentityOutput } from "../common/schemas";

const n = z.number();
const s = z.string();

export const swarmSpecOutput = z
  .object({
    labels: z.record(s, s).meta({ description: "Labels of the swarm." }),
    taskHistoryRetentionLimit: n.optional().meta({ description: "Old tasks kept per slot or node." }),
    raft: z
      .object({
        snapshotInterval: n.optional(),
        keepOldSnapshots: n.optional(),
        logEntriesForSlowFollowers: n.optional(),
        electionTick: n.optional(),
        heartbeatTick: n.optional(),
      })
      .meta({ description: "Raft consensus settings." }),
    dispatcherHeartbeatPeriod: s.optional().meta({ description: 'How often nodes report to the dispatcher, e.g. "5s".' }),
    caConfig: z
      .object({
        nodeCertExpiry: s.optional().meta({ description: "Validity of node certificates." }),
        externalCAs: z.array(z.object({ protocol: s, url: s, options: z.record(s, s), caCert: s.optional() })).meta({ description: "External CAs that issue node certificates." }),
        forceRotate: n.meta({ description: "The root CA rotation counter." }),
      })
      .meta({ description: "Certificate authority settings." }),
  })
  .meta({ description: "The swarm settings as read back from the engine." });

export const swarmOutputs = z.object({
  swarmId: s.meta({ description: "The swarm's cluster ID." }),
  nodeId: s.meta({ description: "The ID of the manager node this resource initialised (or adopted)." }),
  version: n.meta({ description: "The swarm object's version index after the last write." }),
  createdAt: s.meta({ description: "When the swarm was created." }),
  updatedAt: s.meta({ description: "When the swarm was last updated." }),
  joinTokens: z
    .object({ worker: s.meta({ description: "The worker join token." }), manager: s.meta({ description: "The manager join token." }) })
    .meta({ description: "Worker and manager join tokens. Secret.", secret: true }),
  unlockKey: s.meta({ description: "The key that unlocks a restarted manager; empty when autolock is off. Secret.", secret: true }),
  joinAddress: s.meta({ description: 'The address nodes join, "ip:port" of this manager.' }),
  localNodeState: s.meta({ description: 'The manager\'s local state: "active", or "locked" after a restart with autolock.' }),
  autolock: z.boolean().meta({ description: "Whether autolock is on, as read back." }),
  spec: swarmSpecOutput,
  trustRoot: s.meta({ description: "PEM of the swarm's root CA certificate." }),
  adopted: z.boolean().meta({ description: "True when this resource took over an existing swarm." }),
  engineVersion: s.meta({ description: 'The engine\'s version, e.g. "26.1.5".' }),
  engine: engineIdentityOutput.meta({ description: "The engine this swarm was initialised (or adopted) on; later operations act only there." }),
  apiVersion: s.meta({ description: "The Engine API version used." }),
  subnetSizeInUse: n.meta({ description: "The overlay subnet size the swarm uses." }),
  defaultAddrPoolInUse: z.array(s).meta({ description: "The overlay address pools the swarm uses." }),
  dataPathPortInUse: n.meta({ description: "The data-path (VXLAN) port the swarm uses." }),
});
