/** Inputs of the container that every task runs (ContainerSpec), other than mounts and references. */
import { z } from "zod";
import { byShape, healthDurationInput, nonEmptyStringList, oneOf, stringList } from "./common";

export const healthcheckInput = z
  .strictObject({
    /**
     * The test: a list as the Engine takes it (["CMD", "curl", "-f", "http://localhost"],
     * ["CMD-SHELL", "curl -f http://localhost || exit 1"]), or a string, run with the shell (CMD-SHELL).
     */
    test: byShape({ string: z.string().min(1, "cannot be empty"), array: z.array(z.string()).min(1, "cannot be empty") }, "a string or a list of strings").optional().meta({ description: "[\"CMD\", …], [\"CMD-SHELL\", \"…\"], or a string run with the shell." }),
    /** Turn off a healthcheck the image defines (sends ["NONE"]). */
    disable: z.boolean().optional().meta({ description: "Turn off the image's healthcheck." }),
    interval: healthDurationInput.optional().meta({ description: "Time between checks, e.g. \"30s\"." }),
    timeout: healthDurationInput.optional().meta({ description: "Time a check may take." }),
    startPeriod: healthDurationInput.optional().meta({ description: "Grace period after start during which failures do not count." }),
    startInterval: healthDurationInput.optional().meta({ description: "Time between checks during the start period (API 1.44, Docker 25)." }),
    retries: z.number().int("must be a whole number").min(0, "must be zero or more").optional().meta({ description: "Failures in a row before the container is unhealthy." }),
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
    .strictObject({
      config: z.string().min(1).optional().meta({ description: "A swarm config (name or ID) holding the credential spec; list it in `configs` with runtime: true." }),
      file: z.string().min(1).optional().meta({ description: "A credential spec file in the Docker data root's CredentialSpecs folder." }),
      registry: z.string().min(1).optional().meta({ description: "A credential spec value in the Windows registry (HKLM)." }),
    })
    .superRefine((c, ctx) => {
      const n = [c.config, c.file, c.registry].filter((v) => v !== undefined).length;
      if (n !== 1) ctx.addIssue({ code: "custom", message: "set exactly one of config, file or registry" });
    })
    .optional().meta({ description: "Windows gMSA credential spec: exactly one of config (a config listed in `configs` with runtime: true), file or registry." }),
  seLinuxContext: z
    .strictObject({
      disable: z.boolean().optional().meta({ description: "Turn SELinux labelling off for the containers." }),
      user: z.string().optional().meta({ description: "SELinux user label." }),
      role: z.string().optional().meta({ description: "SELinux role label." }),
      type: z.string().optional().meta({ description: "SELinux type label." }),
      level: z.string().optional().meta({ description: "SELinux level label." }),
    })
    .optional().meta({ description: "SELinux labels." }),
  seccomp: z
    .strictObject({
      mode: oneOf(["default", "unconfined", "custom"] as const, "seccomp mode").meta({ description: "\"default\" (the Engine's profile), \"unconfined\" (none) or \"custom\" (profile)." }),
      /** The JSON profile (text), with mode "custom". */
      profile: z.string().min(1).optional().meta({ description: "The JSON profile (text), with mode \"custom\"." }),
    })
    .superRefine((s, ctx) => {
      if (s.mode === "custom" && !s.profile) ctx.addIssue({ code: "custom", path: ["profile"], message: 'is required with mode "custom"' });
      if (s.mode !== "custom" && s.profile) ctx.addIssue({ code: "custom", path: ["profile"], message: 'only applies with mode "custom"' });
    })
    .optional().meta({ description: "Seccomp: mode \"default\", \"unconfined\" or \"custom\" with a JSON profile (API 1.44)." }),
  appArmor: z.strictObject({ mode: oneOf(["default", "disabled"] as const, "AppArmor mode").meta({ description: "\"default\" (the Engine's profile) or \"disabled\"." }) }).optional().meta({ description: "AppArmor: mode \"default\" or \"disabled\" (API 1.44)." }),
  noNewPrivileges: z.boolean().optional().meta({ description: "Forbid gaining privileges (setuid) (API 1.44)." }),
});
export type PrivilegesInput = z.infer<typeof privilegesInput>;

export const dnsInput = z.strictObject({
  nameservers: nonEmptyStringList.optional().meta({ description: "IP addresses of the name servers." }),
  search: nonEmptyStringList.optional().meta({ description: "Search domains." }),
  options: nonEmptyStringList.optional().meta({ description: "resolv.conf options, e.g. [\"ndots:2\"]." }),
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
    name: z.string().min(1, "cannot be empty").meta({ description: "The limit, e.g. \"nofile\"." }),
    soft: z.number().int("must be a whole number").meta({ description: "The soft limit." }),
    hard: z.number().int("must be a whole number").meta({ description: "The hard limit." }),
  })
  .superRefine((u, ctx) => {
    if (u.hard >= 0 && u.soft > u.hard) ctx.addIssue({ code: "custom", path: ["soft"], message: "cannot exceed hard" });
  });

export const containerFields = {
  image: z.string().min(1, "is required: the image the tasks run").meta({ description: "The image, e.g. \"nginx:1.27\" or \"registry.example.com/app@sha256:…\". Kept as written (see resolveImage)." }),
  command: stringList.optional().meta({ description: "Replaces the image's ENTRYPOINT, e.g. [\"sleep\", \"3600\"]." }),
  args: stringList.optional().meta({ description: "Replaces the image's CMD." }),
  user: z.string().optional().meta({ description: "User (name or ID, optionally \":group\")." }),
  workdir: z.string().optional().meta({ description: "Working directory." }),
  hostname: z.string().optional().meta({ description: "Hostname of the containers." }),
  groups: nonEmptyStringList.optional().meta({ description: "Additional groups of the user." }),
  tty: z.boolean().optional().meta({ description: "Allocate a TTY (logs are then a raw stream)." }),
  openStdin: z.boolean().optional().meta({ description: "Keep stdin open." }),
  readOnly: z.boolean().optional().meta({ description: "Mount the container's root filesystem read-only." }),
  init: z.boolean().optional().meta({ description: "Run an init process as PID 1 (forwards signals, reaps zombies)." }),
  stopSignal: z.string().min(1, "cannot be empty").optional().meta({ description: "Signal that stops the containers, e.g. \"SIGINT\"." }),
  healthcheck: healthcheckInput.optional().meta({ description: "Healthcheck (replaces the image's)." }),
  hosts: hostsInput.optional().meta({ description: "Extra /etc/hosts entries: a record hostname → IP, or a list of \"IP hostname [alias…]\"." }),
  dns: dnsInput.optional().meta({ description: "DNS settings of the containers." }),
  capabilityAdd: nonEmptyStringList.optional().meta({ description: "Kernel capabilities to add, e.g. [\"CAP_NET_ADMIN\"]." }),
  capabilityDrop: nonEmptyStringList.optional().meta({ description: "Kernel capabilities to drop." }),
  ulimits: z.array(ulimitInput).optional().meta({ description: "Resource limits of the processes, e.g. [{ name: \"nofile\", soft: 1024, hard: 2048 }]." }),
  privileges: privilegesInput.optional().meta({ description: "Security settings of the containers." }),
  isolation: oneOf(["default", "process", "hyperv"] as const, "isolation").optional().meta({ description: "Isolation technology (Windows): \"default\", \"process\" or \"hyperv\"." }),
};
