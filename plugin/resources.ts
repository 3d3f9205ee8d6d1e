/**
 * The resources the plugin serves: for each Pulumi type token, the same lifecycle the dynamic stubs in
 * sdk/stubs.ts call (provider/<folder>: check, diffDetailed, create, read, update, delete), its zod
 * input and output schemas (which the Pulumi schema is generated from), and what only a provider
 * plugin needs: where the provider's connection goes, and how a `pulumi import` turns what it read into
 * inputs. No resource is implemented twice.
 */
import type { z } from "zod";
import type { PropertyChange } from "../provider/common/changes";
import { omitUndefined } from "../provider/common/clean";
import type { CheckFailure } from "../provider/common/check";
import { config as configProvider, secret as secretProvider } from "../provider/data-object";
import { dataObjectInputsBase } from "../provider/data-object/args";
import { dataObjectOutputs } from "../provider/data-object/outputs-schema";
import * as network from "../provider/network";
import { networkInputsBase } from "../provider/network/args";
import { networkOutputs } from "../provider/network/outputs-schema";
import * as node from "../provider/node";
import { nodeInputsBase } from "../provider/node/args";
import { nodeOutputs } from "../provider/node/outputs-schema";
import * as service from "../provider/service";
import { serviceInputsBase } from "../provider/service/args";
import { serviceOutputs } from "../provider/service/outputs-schema";
import { SPEC_KEYS } from "../provider/service/spec";
import * as swarm from "../provider/swarm";
import { swarmInputsBase } from "../provider/swarm/args";
import { swarmOutputs } from "../provider/swarm/outputs-schema";
import type { Raw } from "./properties";

export const PACKAGE = "docker-swarm";

/** One resource's lifecycle, exactly as provider/<folder> exports it. */
export interface Lifecycle {
  check(olds: Raw, news: Raw): Promise<{ inputs: Raw; failures: CheckFailure[] }>;
  diffDetailed(id: string, olds: Raw, news: Raw): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean; properties?: PropertyChange[] }>;
  create(news: Raw): Promise<{ id: string; outs: Raw }>;
  read(id: string, props: Raw): Promise<{ id?: string; props?: Raw }>;
  update(id: string, olds: Raw, news: Raw): Promise<{ outs: Raw }>;
  delete(id: string, props: Raw): Promise<void>;
}

export interface ResourceKind {
  name: string;
  token: string;
  description: string;
  lifecycle: Lifecycle;
  /** The inputs as users give them (internal `_` fields are not published). */
  inputs: z.ZodObject;
  /** What the resource returns besides its inputs. */
  outputs: z.ZodObject;
  /** Outputs kept secret besides those the output schema marks (internal ones, not published). */
  internalSecretOutputs?: string[];
  /** The input keys the provider's connection fills when the resource gives none. */
  connectionKeys(news: Raw): string[];
  /** Those of them the zod schema requires: optional in the Pulumi schema, since the provider fills them. */
  providerFills?: string[];
  /** Also give the lifecycle `_owner` (project/stack/name: the label tying an object's versions together). */
  owner?: boolean;
  /** Also give the lifecycle `_secretKeys` (the inputs that held a secret): it keeps their read-back out of plain outputs. */
  secretKeys?: boolean;
  /**
   * `pulumi import`: the inputs that reproduce what the first read found (the engine's object as a
   * program would declare it). Absent: the resource cannot be imported (the message says why).
   */
  importInputs?: (outs: Raw, id: string) => Raw;
  /**
   * Import by the lifecycle's create with those inputs instead of a second read: for a node, whose
   * create with `nodeId` only takes an existing node under management (writing nothing that already
   * holds) and records what a later operation proves (the manager's swarm).
   */
  importByCreate?: boolean;
  /**
   * A refresh's outputs: where the resource's outputs echo an input but the object's live value is
   * elsewhere (a service's `spec`), the live value, so that drift shows where it is (old → declared).
   */
  refreshed?: (outs: Raw) => Raw;
  notImportable?: string;
}

const INTERNAL = /^_/;

const swarmKind: ResourceKind = {
  name: "Swarm",
  token: `${PACKAGE}:index:Swarm`,
  description:
    "A Docker Swarm, initialised on the engine given by `connection` (or the provider's), which becomes its first manager. " +
    "Spec changes update it in place; init-only settings replace it. Import it by its cluster ID.",
  lifecycle: swarm as unknown as Lifecycle,
  inputs: swarmInputsBase,
  outputs: swarmOutputs,
  // The hashes of the CA material last applied.
  internalSecretOutputs: ["writeOnly"],
  connectionKeys: () => ["connection"],
  importInputs: (outs) => {
    const joinAddress = typeof outs.joinAddress === "string" ? outs.joinAddress : "";
    const m = /^(.*):2377$/.exec(joinAddress);
    return omitUndefined({ advertiseAddr: m ? m[1] : joinAddress || undefined, autolock: outs.autolock });
  },
};

const nodeKind: ResourceKind = {
  name: "SwarmNode",
  token: `${PACKAGE}:index:SwarmNode`,
  description:
    "A node of a Docker Swarm: an engine this resource joins (`join` + `connection`), or an existing node whose spec it manages " +
    "(`nodeId`). Role, availability, labels and name are applied through `manager` (default: the provider's engine). " +
    "Deleting it drains, demotes and removes the node safely (a quorum guard refuses a removal that would break the managers' majority). " +
    "Import an existing node by its ID.",
  lifecycle: node as unknown as Lifecycle,
  inputs: nodeInputsBase,
  outputs: nodeOutputs,
  // The manager always; the node's own engine only when it joins one (an existing node needs none).
  connectionKeys: (news) => (news.join !== undefined ? ["manager", "connection"] : ["manager"]),
  providerFills: ["manager"],
  importInputs: (outs, id) =>
    omitUndefined({ nodeId: id, role: outs.role, availability: outs.availability, labels: outs.labels, name: outs.name || undefined }),
  importByCreate: true,
};

const serviceKind: ResourceKind = {
  name: "SwarmService",
  token: `${PACKAGE}:index:SwarmService`,
  description:
    "A Docker Swarm service: created, updated in place with the Engine's rolling update, and waited for until it has converged " +
    "(replicated, global and job modes). A failed update is rolled back to the previous spec and fails the update. Only a new " +
    "`name` or `mode` replaces it. Import an existing service (made with `docker service create`, say) by its ID.",
  lifecycle: service as unknown as Lifecycle,
  inputs: serviceInputsBase,
  outputs: serviceOutputs,
  connectionKeys: () => ["connection"],
  secretKeys: true,
  // The spec as read back is already in the inputs' shape.
  importInputs: (outs) => omitUndefined((outs.spec ?? {}) as Raw),
  refreshed: (outs) => {
    // The spec as read back, with the parts under inputs that held a secret (kept apart in secretSpec).
    const live = { ...((outs.spec ?? {}) as Raw), ...((outs.secretSpec ?? {}) as Raw) };
    const out = { ...outs };
    // The identity (name, mode) and the image stay as declared; the rest shows what runs (a setting
    // removed out of band disappears).
    for (const key of SPEC_KEYS) if (key in out && !["name", "mode", "image"].includes(key)) out[key] = live[key];
    return omitUndefined(out);
  },
};

function dataObjectKind(kind: "secret" | "config"): ResourceKind {
  const Name = kind === "secret" ? "SwarmSecret" : "SwarmConfig";
  return {
    name: Name,
    token: `${PACKAGE}:index:${Name}`,
    description:
      kind === "secret"
        ? "A swarm secret: data given to services as a file under /run/secrets. A new `data` is a new object (create first), the services " +
          "that use it move to it with a rolling update, then the old one is removed. State keeps only a keyed hash of the data."
        : "A swarm config: data given to services as a file. Rotated like SwarmSecret; its content is not secret.",
    lifecycle: (kind === "secret" ? secretProvider : configProvider) as unknown as Lifecycle,
    inputs: dataObjectInputsBase(kind),
    outputs: dataObjectOutputs(kind),
    // The random key of the content's keyed hash.
    internalSecretOutputs: ["hashKey"],
    connectionKeys: () => ["connection"],
    owner: true,
    notImportable:
      kind === "secret"
        ? "a secret's content cannot be read back from the Engine, so it cannot be imported: declare it with `adopt: true` and its `data`"
        : "declare the config with `adopt: true` and its `data` (it is adopted when the content matches)",
  };
}

const networkKind: ResourceKind = {
  name: "SwarmNetwork",
  token: `${PACKAGE}:index:SwarmNetwork`,
  description:
    "A swarm-scoped network (overlay by default). A network cannot change: any new setting makes a new one, services move to it in place, " +
    "and the old one is removed last.",
  lifecycle: network as unknown as Lifecycle,
  inputs: networkInputsBase,
  outputs: networkOutputs,
  connectionKeys: () => ["connection"],
  owner: true,
  notImportable: "declare the network with `adopt: true` and its settings (they must match the network's)",
};

export const RESOURCES: ResourceKind[] = [swarmKind, nodeKind, serviceKind, dataObjectKind("secret"), dataObjectKind("config"), networkKind];

const byToken = new Map(RESOURCES.map((r) => [r.token, r]));

export function resourceOf(token: string): ResourceKind {
  const r = byToken.get(token);
  if (!r) throw new Error(`unknown resource type ${token} (this provider serves ${RESOURCES.map((x) => x.token).join(", ")})`);
  return r;
}

/** The published input keys of a resource (its zod shape without the internal `_` fields). */
export function publishedInputKeys(kind: ResourceKind): string[] {
  return Object.keys(kind.inputs.shape).filter((k) => !INTERNAL.test(k));
}
