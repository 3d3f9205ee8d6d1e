/** Mounts: bind, volume (with driver and options), tmpfs, npipe. */
import { z } from "zod";
import { bytesInput, fileModeInput, labelsInput, oneOf, optionsInput } from "./common";

export const MOUNT_TYPES = ["bind", "volume", "tmpfs", "npipe"] as const;

export const mountInput = z
  .strictObject({
    type: oneOf(MOUNT_TYPES, "mount type").meta({ description: "\"bind\" (a host path), \"volume\" (a named or anonymous volume), \"tmpfs\" or \"npipe\" (Windows)." }),
    /** Host path (bind), volume name (volume; empty for an anonymous volume), pipe (npipe). Not for tmpfs. */
    source: z.string().optional().meta({ description: "Host path (bind, absolute), volume name (volume; omit for an anonymous volume) or pipe (npipe). Not for tmpfs." }),
    /** Path inside the container. */
    target: z.string().min(1, "is required: the path inside the container").meta({ description: "Path inside the container." }),
    readOnly: z.boolean().optional().meta({ description: "Mount read-only." }),
    bindOptions: z
      .strictObject({
        propagation: oneOf(["private", "rprivate", "shared", "rshared", "slave", "rslave"] as const, "propagation").optional().meta({ description: "Propagation: \"rprivate\" (default), \"private\", \"shared\", \"rshared\", \"slave\" or \"rslave\"." }),
        nonRecursive: z.boolean().optional().meta({ description: "Do not mount submounts recursively." }),
      })
      .optional().meta({ description: "Bind mounts only." }),
    volumeOptions: z
      .strictObject({
        noCopy: z.boolean().optional().meta({ description: "Do not copy the image's content at the target into a new volume." }),
        labels: labelsInput.optional().meta({ description: "Labels of a volume created for the service." }),
        /** The volume driver ("local" by default) and its options, e.g. { type: "nfs", o: "addr=…", device: ":/export" }. */
        driverConfig: z
          .strictObject({
            name: z.string().min(1).optional().meta({ description: "The volume driver, e.g. \"local\"." }),
            options: optionsInput.optional().meta({ description: "The volume driver's options." }),
          })
          .optional().meta({ description: "The volume driver and its options, e.g. `{ name: \"local\", options: { type: \"nfs\", o: \"addr=10.0.0.1\", device: \":/export\" } }`." }),
        /** Mount a path inside the volume (API 1.45; honoured by Engine 27 and later). */
        subpath: z.string().min(1).optional().meta({ description: "Mount only this path inside the volume (API 1.45; Docker 27 and later honour it)." }),
      })
      .optional().meta({ description: "Volume mounts only." }),
    tmpfsOptions: z
      .strictObject({
        /** Size: bytes, or "64m", "1g". */
        sizeBytes: bytesInput.optional().meta({ description: "Size limit: bytes or \"64m\"." }),
        /** Permissions of the tmpfs root: 0o1777 or "1777". */
        mode: fileModeInput.optional().meta({ description: "Permissions of the mount's root: 0o1777 or \"1777\"." }),
      })
      .optional().meta({ description: "tmpfs mounts only." }),
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
