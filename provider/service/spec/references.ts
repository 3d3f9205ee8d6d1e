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

export function idToName(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([name, id]) => [id, name]));
}
