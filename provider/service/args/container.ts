/** Inputs of the container that every task runs (ContainerSpec), other than mounts and references. */
import { z } from "zod";
import { byShape, healthDurationInput, nonEmptyStringList, oneOf, stringList } from "./common";

export const healthcheckInput = z
  .strictObject({
    /**
     * The test: a list as the Engine takes it (["CMD", "curl", "-f", "http://localhost"],
     * ["CMD-SHELL", "curl -f http://localhost || exit 1"]), or a string, run with the shell (CMD-SHELL).
     */
    test: byShape({ string: z.string().min(1, "cannot be empty"), array: z.array(z.string()).min(1, "cannot be empty") }, "a string or a list of strings").optional(),
    /** Turn off a healthcheck the image defines (sends ["NONE"]). */
    disable: z.boolean().optional(),
    interval: healthDurationInput.optional(),
    timeout: healthDurationInput.optional(),
    startPeriod: healthDurationInput.optional(),
    startInterval: healthDurationInput.optional(),
    retries: z.number().int("must be a whole number").min(0, "must be zero or more").optional(),
  })
  .superRefine((h, ctx) => {
    if (h.disable && h.test !== undefined) ctx.addIssue({ code: "custom", path: ["test"], message: "cannot be set together with disable" });
    if (Array.isArray(h.test) && !["CMD", "CMD-SHELL", "NONE"].includes(h.test[0])) {
      ctx.addIssue({ code: "custom", path: ["test", 0], message: 'must be "CMD", "CMD-SHELL" or "NONE" (or give the test as a string)' });
    }
  });
export type HealthcheckInput = z.infer<typeof healthcheckInput>;

export const privilegesInput = z.strictObject({
  credentialSpec: z
    .strictObject({ config: z.string().min(1).optional(), file: z.string().min(1).optional(), registry: z.string().min(1).optional() })
    .superRefine((c, ctx) => {
      const n = [c.config, c.file, c.registry].filter((v) => v !== undefined).length;
      if (n !== 1) ctx.addIssue({ code: "custom", message: "set exactly one of config, file or registry" });
    })
    .optional(),
  seLinuxContext: z
    .strictObject({
      disable: z.boolean().optional(),
      user: z.string().optional(),
      role: z.string().optional(),
      type: z.string().optional(),
      level: z.string().optional(),
    })
    .optional(),
  seccomp: z
    .strictObject({
      mode: oneOf(["default", "unconfined", "custom"] as const, "seccomp mode"),
      /** The JSON profile (text), with mode "custom". */
      profile: z.string().min(1).optional(),
    })
    .superRefine((s, ctx) => {
      if (s.mode === "custom" && !s.profile) ctx.addIssue({ code: "custom", path: ["profile"], message: 'is required with mode "custom"' });
      if (s.mode !== "custom" && s.profile) ctx.addIssue({ code: "custom", path: ["profile"], message: 'only applies with mode "custom"' });
    })
    .optional(),
  appArmor: z.strictObject({ mode: oneOf(["default", "disabled"] as const, "AppArmor mode") }).optional(),
  noNewPrivileges: z.boolean().optional(),
});
export type PrivilegesInput = z.infer<typeof privilegesInput>;

export const dnsInput = z.strictObject({
  nameservers: nonEmptyStringList.optional(),
  search: nonEmptyStringList.optional(),
  options: nonEmptyStringList.optional(),
});

const ipLike = /^[0-9a-fA-F:.]+$/;

/**
 * Extra /etc/hosts entries: a record hostname → IP, or the Engine's form, a list of
 * "IP hostname [alias…]".
 */
export const hostsInput = byShape(
  {
    object: z.record(z.string().min(1), z.string().regex(ipLike, "must be an IP address")),
    array: z.array(z.string().regex(/^[0-9a-fA-F:.]+\s+\S+/, 'must be "IP hostname [alias…]", as in /etc/hosts')),
  },
  'a record { hostname: "IP" } or a list of "IP hostname"',
);

export const ulimitInput = z
  .strictObject({
    name: z.string().min(1, "cannot be empty"),
    soft: z.number().int("must be a whole number"),
    hard: z.number().int("must be a whole number"),
  })
  .superRefine((u, ctx) => {
    if (u.hard >= 0 && u.soft > u.hard) ctx.addIssue({ code: "custom", path: ["soft"], message: "cannot exceed hard" });
  });

export const containerFields = {
  image: z.string().min(1, "is required: the image the tasks run"),
  command: stringList.optional(),
  args: stringList.optional(),
  user: z.string().optional(),
  workdir: z.string().optional(),
  hostname: z.string().optional(),
  groups: nonEmptyStringList.optional(),
  tty: z.boolean().optional(),
  openStdin: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  init: z.boolean().optional(),
  stopSignal: z.string().min(1, "cannot be empty").optional(),
  healthcheck: healthcheckInput.optional(),
  hosts: hostsInput.optional(),
  dns: dnsInput.optional(),
  capabilityAdd: nonEmptyStringList.optional(),
  capabilityDrop: nonEmptyStringList.optional(),
  ulimits: z.array(ulimitInput).optional(),
  privileges: privilegesInput.optional(),
  isolation: oneOf(["default", "process", "hyperv"] as const, "isolation").optional(),
};
