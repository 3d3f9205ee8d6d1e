/** Mounts in both directions. */
import { omitUndefined } from "../../common/clean";
import type { MountInput } from "../args/mounts";
import { optionsToStrings } from "../args/common";
import type { EngineMount } from "../../engine/service-spec";
import { bytes, fileMode, nonEmpty, trueOrUndefined } from "./units";

export function mountToEngine(m: MountInput): EngineMount {
  return omitUndefined({
    Type: m.type,
    Source: m.source,
    Target: m.target,
    ReadOnly: m.readOnly,
    BindOptions: m.bindOptions ? omitUndefined({ Propagation: m.bindOptions.propagation, NonRecursive: m.bindOptions.nonRecursive }) : undefined,
    VolumeOptions: m.volumeOptions
      ? omitUndefined({
          NoCopy: m.volumeOptions.noCopy,
          Labels: m.volumeOptions.labels,
          Subpath: m.volumeOptions.subpath,
          DriverConfig: m.volumeOptions.driverConfig
            ? omitUndefined({ Name: m.volumeOptions.driverConfig.name, Options: optionsToStrings(m.volumeOptions.driverConfig.options) })
            : undefined,
        })
      : undefined,
    TmpfsOptions: m.tmpfsOptions ? omitUndefined({ SizeBytes: bytes(m.tmpfsOptions.sizeBytes), Mode: fileMode(m.tmpfsOptions.mode) }) : undefined,
  });
}

export function mountFromEngine(m: EngineMount): MountInput {
  const b = m.BindOptions;
  const v = m.VolumeOptions;
  const t = m.TmpfsOptions;
  return omitUndefined({
    type: m.Type as MountInput["type"],
    source: nonEmpty(m.Source),
    target: m.Target,
    readOnly: trueOrUndefined(m.ReadOnly),
    bindOptions: b ? nonEmpty(omitUndefined({ propagation: nonEmpty(b.Propagation) as "rprivate" | undefined, nonRecursive: trueOrUndefined(b.NonRecursive) })) : undefined,
    volumeOptions: v
      ? nonEmpty(
          omitUndefined({
            noCopy: trueOrUndefined(v.NoCopy),
            labels: nonEmpty(v.Labels),
            subpath: nonEmpty(v.Subpath),
            driverConfig: v.DriverConfig
              ? nonEmpty(omitUndefined({ name: nonEmpty(v.DriverConfig.Name), options: nonEmpty(v.DriverConfig.Options) }))
              : undefined,
          }),
        )
      : undefined,
    tmpfsOptions: t ? nonEmpty(omitUndefined({ sizeBytes: t.SizeBytes || undefined, mode: t.Mode || undefined })) : undefined,
  });
}
