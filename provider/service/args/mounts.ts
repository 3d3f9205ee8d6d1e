/** Mounts: bind, volume (with driver and options), tmpfs, npipe. */
import { z } from "zod";
import { bytesInput, fileModeInput, labelsInput, oneOf, optionsInput } from "./common";

export const MOUNT_TYPES = ["bind", "volume", "tmpfs", "npipe"] as const;

export const mountInput = z
  .strictObject({
    type: oneOf(MOUNT_TYPES, "mount type"),
    /** Host path (bind), volume name (volume; empty for an anonymous volume), pipe (npipe). Not for tmpfs. */
    source: z.string().optional(),
    /** Path inside the container. */
    target: z.string().min(1, "is required: the path inside the container"),
    readOnly: z.boolean().optional(),
    bindOptions: z
      .strictObject({
        propagation: oneOf(["private", "rprivate", "shared", "rshared", "slave", "rslave"] as const, "propagation").optional(),
        nonRecursive: z.boolean().optional(),
      })
      .optional(),
    volumeOptions: z
      .strictObject({
        noCopy: z.boolean().optional(),
        labels: labelsInput.optional(),
        /** The volume driver ("local" by default) and its options, e.g. { type: "nfs", o: "addr=…", device: ":/export" }. */
        driverConfig: z.strictObject({ name: z.string().min(1).optional(), options: optionsInput.optional() }).optional(),
        /** Mount a path inside the volume (API 1.45; honoured by Engine 27 and later). */
        subpath: z.string().min(1).optional(),
      })
      .optional(),
    tmpfsOptions: z
      .strictObject({
        /** Size: bytes, or "64m", "1g". */
        sizeBytes: bytesInput.optional(),
        /** Permissions of the tmpfs root: 0o1777 or "1777". */
        mode: fileModeInput.optional(),
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const other = (key: "bindOptions" | "volumeOptions" | "tmpfsOptions", type: string) => {
      if (m[key] !== undefined && m.type !== type) ctx.addIssue({ code: "custom", path: [key], message: `only applies to mounts of type "${type}"` });
    };
    other("bindOptions", "bind");
    other("volumeOptions", "volume");
    other("tmpfsOptions", "tmpfs");
    if ((m.type === "bind" || m.type === "npipe") && !m.source) {
      ctx.addIssue({ code: "custom", path: ["source"], message: `is required for a ${m.type} mount` });
    }
    if (m.type === "bind" && m.source && !m.source.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(m.source)) {
      ctx.addIssue({ code: "custom", path: ["source"], message: "must be an absolute path on the node" });
    }
    if (m.type === "tmpfs" && m.source) ctx.addIssue({ code: "custom", path: ["source"], message: "does not apply to a tmpfs mount" });
  });
export type MountInput = z.infer<typeof mountInput>;

export const mountsInput = z.array(mountInput).superRefine((mounts, ctx) => {
  const seen = new Map<string, number>();
  mounts.forEach((m, i) => {
    const first = seen.get(m.target);
    if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "target"], message: `"${m.target}" is already mounted by mounts[${first}]` });
    else seen.set(m.target, i);
  });
});
