/** Network attachments and the endpoint (VIP or DNS round robin, published ports). */
import { z } from "zod";
import { byShape, nonEmptyStringList, oneOf, optionsInput } from "./common";

/** A network by name or ID, or with aliases and driver options. */
export const networkInput = byShape(
  {
    string: z.string().min(1, "cannot be empty"),
    object: z.strictObject({
      target: z.string().min(1, "is required: the network's name or ID"),
      aliases: nonEmptyStringList.optional(),
      driverOpts: optionsInput.optional(),
    }),
  },
  "a network name or ID, or { target, aliases, driverOpts }",
);
export type NetworkInput = z.infer<typeof networkInput>;

const portNumber = (what: string) =>
  z.number().int(`${what} must be a whole number`).min(1, "must be between 1 and 65535").max(65535, "must be between 1 and 65535");

export const portInput = z.strictObject({
  name: z.string().min(1).optional(),
  protocol: oneOf(["tcp", "udp", "sctp"] as const, "protocol").optional(),
  targetPort: portNumber("the port"),
  /** Omit to let the Engine pick one (ingress mode, 30000–32767). */
  publishedPort: portNumber("the port").optional(),
  publishMode: oneOf(["ingress", "host"] as const, "publish mode").optional(),
});
export type PortInput = z.infer<typeof portInput>;

export const endpointInput = z
  .strictObject({
    mode: oneOf(["vip", "dnsrr"] as const, "endpoint mode").optional(),
    ports: z.array(portInput).optional(),
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
