/**
 * The stack's networks, secrets, configs and volumes, named and labelled as docker stack deploy does
 * (cli/compose/convert/compose.go, volume.go): `<namespace>_<key>` unless the file names the object,
 * the namespace label on everything made, external objects only referred to by their existing name.
 */
import type { ComposeFileObject, ComposeNetwork, ComposeProject, ComposeVolume } from "./project";
import { NAMESPACE_LABEL, type PlannedFileObject, type PlannedNetwork, type PlannedVolume } from "./plan-types";

/** Keeps only the defined members, so plans compare and print without `undefined` noise. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const scope = (namespace: string, key: string) => `${namespace}_${key}`;

/** The network keys services join: their own, or `default` for a service that names none. */
export function usedNetworkKeys(project: ComposeProject): string[] {
  const used = new Set<string>();
  for (const s of Object.values(project.services)) {
    const keys = Object.keys(s.networks);
    for (const k of keys.length ? keys : ["default"]) used.add(k);
  }
  return [...used].sort();
}

export function planNetwork(namespace: string, key: string, n: ComposeNetwork | undefined): PlannedNetwork {
  // `default` may be used without being declared: an overlay network with no settings.
  const nw: ComposeNetwork = n ?? { external: false, labels: {} };
  if (nw.external) return { name: nw.name ?? key, external: true };
  const ipam =
    nw.ipam && (nw.ipam.driver || nw.ipam.config?.length)
      ? defined({
          driver: nw.ipam.driver || undefined,
          config: nw.ipam.config?.filter((c) => c.subnet).map((c) => ({ subnet: c.subnet! })),
        })
      : undefined;
  return defined({
    name: nw.name ?? scope(namespace, key),
    external: false,
    driver: nw.driver ?? "overlay",
    driverOpts: nw.driver_opts,
    attachable: nw.attachable,
    internal: nw.internal,
    ipam,
    labels: { ...nw.labels, [NAMESPACE_LABEL]: namespace },
  });
}

export function planFileObject(namespace: string, key: string, o: ComposeFileObject): PlannedFileObject {
  if (o.external) return { name: o.name ?? key, external: true };
  return defined({
    name: o.name ?? scope(namespace, key),
    external: false,
    source: o.source,
    labels: { ...o.labels, [NAMESPACE_LABEL]: namespace },
    driver: o.driver,
    driverOpts: o.driver ? o.driver_opts : undefined,
    templateDriver: o.template_driver,
  });
}

export function planVolume(namespace: string, key: string, v: ComposeVolume): PlannedVolume {
  if (v.external) return { name: v.name ?? key, external: true };
  return defined({
    name: v.name ?? scope(namespace, key),
    external: false,
    driver: v.driver,
    driverOpts: v.driver_opts,
    labels: { ...v.labels, [NAMESPACE_LABEL]: namespace },
  });
}
