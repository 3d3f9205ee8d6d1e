/**
 * A service's `volumes` and `tmpfs` → SwarmService `mounts`, as docker stack deploy converts them
 * (cli/compose/convert/volume.go): a named volume becomes `<namespace>_<volume>` (or its `name:`),
 * carrying the top-level volume's driver, options and labels plus the namespace label (the nodes create
 * it from these), an external volume only its name; an anonymous volume is just its target.
 */
import type { ComposeService } from "./project";
import { defined } from "./plan-objects";
import type { PlannedVolume } from "./plan-types";

export function planMounts(s: ComposeService, volumes: Record<string, PlannedVolume>): Array<Record<string, unknown>> {
  const mounts: Array<Record<string, unknown>> = s.volumes.map((v) => {
    const readOnly = v.read_only ? true : undefined;
    switch (v.type || "volume") {
      case "volume": {
        if (!v.source) return defined({ type: "volume", target: v.target, readOnly });
        const volume = volumes[v.source];
        const made = !volume.external;
        const volumeOptions = defined({
          noCopy: v.volume?.nocopy ? true : undefined,
          subpath: v.volume?.subpath || undefined,
          labels: made ? volume.labels : undefined,
          driverConfig: made && (volume.driver || volume.driverOpts) ? defined({ name: volume.driver || undefined, options: volume.driverOpts }) : undefined,
        });
        return defined({
          type: "volume",
          source: volume.name,
          target: v.target,
          readOnly,
          volumeOptions: Object.keys(volumeOptions).length ? volumeOptions : undefined,
        });
      }
      case "bind":
        return defined({
          type: "bind",
          source: v.source,
          target: v.target,
          readOnly,
          bindOptions: v.bind?.propagation ? { propagation: v.bind.propagation } : undefined,
        });
      case "tmpfs": {
        const tmpfsOptions = defined({ sizeBytes: v.tmpfs?.size as number | undefined, mode: v.tmpfs?.mode });
        return defined({ type: "tmpfs", target: v.target, readOnly, tmpfsOptions: Object.keys(tmpfsOptions).length ? tmpfsOptions : undefined });
      }
      default:
        return defined({ type: v.type, source: v.source, target: v.target, readOnly });
    }
  });
  for (const t of s.tmpfs) {
    const tmpfsOptions = defined({ sizeBytes: t.sizeBytes, mode: t.mode });
    mounts.push(defined({ type: "tmpfs", target: t.target, tmpfsOptions: Object.keys(tmpfsOptions).length ? tmpfsOptions : undefined }));
  }
  return mounts;
}
