/** Network attachments and the endpoint (VIP or DNS round robin, published ports). */
import { z } from "zod";
import { byShape, nonEmptyStringList, oneOf, optionsInput } from "./common";

/** A network by name or ID, or with aliases and driver options. */
export const networkInput = byShape(
  {
    string: z.string().min(1, "cannot be empty"),
    object: z.strictObject({
      target: z.string().min(1, "is required: the network's name or ID").meta({ description: "An existing network's name or ID (a swarm-scoped network, e.g. an overlay)." }),
      aliases: nonEmptyStringList.optional().meta({ description: "Extra DNS names of the service on this network." }),
      driverOpts: optionsInput.optional().meta({ description: "Options for the network driver." }),
    }),
  },
  "a network name or ID, or { target, aliases, driverOpts }",
);
export type NetworkInput = z.infer<typeof networkInput>;

const portNumber = (what: string) =>
  z.number().int(`${what} must be a whole number`).min(1, "must be between 1 and 65535").max(65535, "must be between 1 and 65535");

export const portInput = z.strictObject({
  name: z.string().min(1).optional().meta({ description: "A name for the port." }),
  protocol: oneOf(["tcp", "udp", "sctp"] as const, "protocol").optional().meta({ description: "\"tcp\" (default), \"udp\" or \"sctp\"." }),
  targetPort: portNumber("the port").meta({ description: "The port inside the containers (1–65535)." }),
  /** Omit to let the Engine pick one (ingress mode, 30000–32767). */
  publishedPort: portNumber("the port").optional().meta({ description: "The port on the nodes (1–65535). Omit to let the Engine pick one (ingress mode)." }),
  publishMode: oneOf(["ingress", "host"] as const, "publish mode").optional().meta({ description: "\"ingress\" (default: the routing mesh, on every node) or \"host\" (only on nodes running a task)." }),
});
export type PortInput = z.infer<typeof portInput>;

export const endpointInput = z
  .strictObject({
    mode: oneOf(["vip", "dnsrr"] as const, "endpoint mode").optional().meta({ description: "\"vip\" (default: one virtual IP, load-balanced) or \"dnsrr\" (DNS round robin over the tasks)." }),
    ports: z.array(portInput).optional().meta({ description: "Published ports." }),
  })
  .superRefine((e, ctx) => {
    const seen = new Map<string, number>();
    (e.ports ?? []).forEach((p, i) => {
      if (e.mode === "dnsrr" && (p.publishMode ?? "ingress") === "ingress") {
        ctx.addIssue({ code: "custom", path: ["ports", i, "publishMode"], message: 'must be "host" with endpoint mode "dnsrr" (ingress needs a VIP)' });
      }
      if (p.publishedPort === undefined) return;
      const key = `${p.publishedPort}/${p.protocol ?? "tcp"}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["ports", i, "publishedPort"], message: `${key} is already published by ports[${first}]` });
      else seen.set(key, i);
    });
  });
export type EndpointInput = z.infer<typeof endpointInput>;
