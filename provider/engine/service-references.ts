import type { DockerEngine } from "./engine";
import type { EngineServiceSpec } from "./service-spec";

/**
 * Names and IDs of the swarm objects a service refers to. The Engine stores secrets and configs by
 * ID and name and networks by ID; users write either. Each map goes name → ID; `idToName` turns it
 * around for comparisons, so both sides of a diff can be brought to names.
 */
export interface References {
  secrets: Record<string, string>;
  configs: Record<string, string>;
  networks: Record<string, string>;
}

export function emptyReferences(): References {
  return { secrets: {}, configs: {}, networks: {} };
}

/** The references a read-back spec holds: secrets and configs carry both; networks are looked up by ID. */
export async function referencesOfSpec(engine: DockerEngine, spec: EngineServiceSpec): Promise<References> {
  const refs = emptyReferences();
  const c = spec.TaskTemplate.ContainerSpec;
  for (const s of c.Secrets ?? []) if (s.SecretName && s.SecretID) refs.secrets[s.SecretName] = s.SecretID;
  for (const x of c.Configs ?? []) if (x.ConfigName && x.ConfigID) refs.configs[x.ConfigName] = x.ConfigID;
  const targets = (spec.TaskTemplate.Networks ?? []).map((n) => n.Target);
  if (targets.length) {
    const all = await engine.networks.list();
    for (const t of targets) {
      const net = all.find((x) => x.Id === t || x.Name === t);
      if (net) refs.networks[net.Name] = net.Id;
    }
  }
  return refs;
}

export function idToName(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([name, id]) => [id, name]));
}
