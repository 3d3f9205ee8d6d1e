/**
 * SwarmNetwork's inputs, as one zod schema. Property names are the user's; spec.ts builds the Engine's
 * network create request. Networks cannot change after creation: every setting is a replacement.
 */
import { z } from "zod";
import { connectionInput, labelsInput } from "../common/schemas";

/** The Engine's rule for network names (a DNS-like name; it refuses names with other characters). */
const networkName = z
  .string()
  .min(1, "cannot be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "may contain only letters, digits, '_', '.' and '-', and must start with a letter or digit");

const cidr = z.union([z.cidrv4(), z.cidrv6()], { error: "must be a CIDR such as 10.20.0.0/24" });
const ip = z.union([z.ipv4(), z.ipv6()], { error: "must be an IP address" });

export const ipamConfigInput = z.strictObject({
  subnet: cidr.meta({ description: "A CIDR, e.g. \"10.20.0.0/24\". Subnets of one network must not overlap." }),
  /** The part of the subnet that tasks get addresses from. */
  ipRange: cidr.optional().meta({ description: "The part of the subnet tasks get addresses from." }),
  gateway: ip.optional().meta({ description: "The subnet's gateway address." }),
  /** Addresses the IPAM driver must not give out, by name. */
  auxAddresses: z.record(z.string(), ip).optional().meta({ description: "Addresses the IPAM driver must not give out, by name." }),
});

export const networkInputsBase = z.strictObject({
  connection: connectionInput.optional().meta({ description: "A manager of the swarm." }),
  /** The network's name in the swarm (default: the resource's name). */
  name: networkName.optional().meta({ description: "The network's name (default: the resource's name)." }),
  /** "overlay" (default), or another swarm-scoped driver. */
  driver: z.string().min(1).default("overlay").meta({ description: "\"overlay\" (default)." }),
  /** Standalone containers (`docker run --network`) may attach too. */
  attachable: z.boolean().optional().meta({ description: "Standalone containers may attach too (`docker run --network`)." }),
  /** No route out of the network. */
  internal: z.boolean().optional().meta({ description: "No route out of the network." }),
  /** Encrypt the overlay's data path (IPsec): the driver option `encrypted`. */
  encrypted: z.boolean().optional().meta({ description: "Encrypt the overlay's data path (IPsec)." }),
  /** A custom routing-mesh network (replaces the swarm's `ingress`; only one may exist). */
  ingress: z.boolean().optional().meta({ description: "A custom routing-mesh network, replacing the swarm's `ingress` (remove that one first)." }),
  enableIPv6: z.boolean().optional().meta({ description: "Give the tasks IPv6 addresses on this network too." }),
  ipam: z
    .strictObject({
      driver: z.string().min(1).optional().meta({ description: "The IPAM driver (\"default\")." }),
      config: z.array(ipamConfigInput).optional().meta({ description: "The network's subnets, with their ranges and gateways." }),
      options: z.record(z.string(), z.string()).optional().meta({ description: "The IPAM driver's options." }),
    })
    .optional().meta({ description: "IP address management: the network's subnets (the Engine picks one from the swarm's pools when none is given)." }),
  /** Driver options (e.g. { "com.docker.network.driver.mtu": "1400" }). */
  options: z.record(z.string().min(1, "keys cannot be empty"), z.string()).optional().meta({ description: "Driver options, e.g. { \"com.docker.network.driver.mtu\": \"1400\" }." }),
  labels: labelsInput.optional().meta({ description: "Labels of the network." }),
  /** Networks of a swarm are always swarm-scoped. */
  scope: z.literal("swarm", { error: 'swarm networks are always scope "swarm"' }).optional().meta({ description: "Always \"swarm\" for a swarm's networks." }),
  /** Take over an existing network of this name (its settings must match) instead of failing. */
  adopt: z.boolean().default(false).meta({ description: "Take over an existing network of this name (its declared settings must match) instead of failing." }),
  _name: z.string().optional(),
  _owner: z.string().optional(),
});

export const networkInputs = networkInputsBase.superRefine((v, ctx) => {
  const subnets = v.ipam?.config ?? [];
  subnets.forEach((c, i) => {
    for (let j = 0; j < i; j++) {
      if (overlaps(c.subnet, subnets[j].subnet)) {
        ctx.addIssue({ code: "custom", path: ["ipam", "config", i, "subnet"], message: `${c.subnet} overlaps ipam.config[${j}].subnet ${subnets[j].subnet}` });
      }
    }
    if (c.ipRange && !within(c.ipRange, c.subnet)) ctx.addIssue({ code: "custom", path: ["ipam", "config", i, "ipRange"], message: `${c.ipRange} is not inside the subnet ${c.subnet}` });
    if (c.gateway && !within(`${c.gateway}/${c.gateway.includes(":") ? 128 : 32}`, c.subnet)) {
      ctx.addIssue({ code: "custom", path: ["ipam", "config", i, "gateway"], message: `${c.gateway} is not inside the subnet ${c.subnet}` });
    }
  });
  if (v.ingress && v.attachable) ctx.addIssue({ code: "custom", path: ["attachable"], message: "an ingress network cannot be attachable (the Engine refuses it)" });
  if (v.ingress && v.driver !== "overlay") ctx.addIssue({ code: "custom", path: ["driver"], message: 'an ingress network must use the "overlay" driver' });
  if (v.encrypted && v.driver !== "overlay") ctx.addIssue({ code: "custom", path: ["encrypted"], message: 'only overlay networks can be encrypted' });
  if (v.name === undefined && v._name !== undefined && !networkName.safeParse(v._name).success) {
    ctx.addIssue({ code: "custom", path: ["name"], message: `is needed: the resource name "${v._name}" is not a valid network name` });
  }
});
export type NetworkInputs = z.infer<typeof networkInputsBase>;

export function networkNameOf(v: Pick<NetworkInputs, "name" | "_name">): string {
  return v.name ?? v._name ?? "";
}

// ─── CIDR arithmetic (IPv4 and IPv6 as bigints) ─────────────────────────────

function parseCidr(c: string): { net: bigint; bits: number; size: number } {
  const [addr, len] = c.split("/");
  const v6 = addr.includes(":");
  const size = v6 ? 128 : 32;
  return { net: toBig(addr, v6) >> BigInt(size - Number(len)), bits: Number(len), size };
}

function toBig(addr: string, v6: boolean): bigint {
  if (!v6) return addr.split(".").reduce((a, o) => (a << 8n) + BigInt(Number(o)), 0n);
  const [head, tail = ""] = addr.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = addr.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
  return groups.reduce((a, g) => (a << 16n) + BigInt(parseInt(g || "0", 16)), 0n);
}

/** Whether two CIDRs share an address. */
export function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (x.size !== y.size) return false;
  const bits = Math.min(x.bits, y.bits);
  return x.net >> BigInt(x.bits - bits) === y.net >> BigInt(y.bits - bits);
}

/** Whether `inner` lies within `outer`. */
export function within(inner: string, outer: string): boolean {
  const i = parseCidr(inner);
  const o = parseCidr(outer);
  return i.size === o.size && i.bits >= o.bits && i.net >> BigInt(i.bits - o.bits) === o.net;
}
