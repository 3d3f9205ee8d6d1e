/**
 * Field-level comparison for SwarmNetwork (pure). The Engine cannot change a network: any declared
 * setting that changes is a replacement, made create-before-delete so that the services that use it
 * move to the new network (in place) before the old one goes.
 */
import { changeList, type PropertyChange } from "../common/changes";
import { deepEqual } from "../common/clean";
import { containsUnknown } from "../common/unknowns";
import { networkNameOf, type NetworkInputs } from "./args";
import { SETTINGS } from "./spec";

export function diffNetwork(olds: Record<string, unknown>, news: NetworkInputs, raw: Record<string, unknown>): { changes: boolean; replaces: string[]; reasons: string[] } {
  const { properties: _structured, ...d } = diffNetworkDetailed(olds, news, raw);
  return d;
}

/** diffNetwork, with the changes also as a structured list (for the provider plugin's detailed diff). */
export function diffNetworkDetailed(
  olds: Record<string, unknown>,
  news: NetworkInputs,
  raw: Record<string, unknown>,
): { changes: boolean; replaces: string[]; reasons: string[]; properties: PropertyChange[] } {
  const replaces: string[] = [];
  const list = changeList();
  const { reasons } = list;
  for (const key of SETTINGS) {
    if (containsUnknown(raw[key]) || !deepEqual(olds[key] ?? null, news[key] ?? null)) {
      replaces.push(key);
      list.add(key, `${key}: networks cannot change, so a new network is made; services move to it in place, then the old one is removed`, true);
    }
  }
  if (containsUnknown(raw.name) || (olds.name ?? olds._name) !== networkNameOf(news)) {
    replaces.push("name");
    list.add("name", `name: ${String(olds.name)} → ${networkNameOf(news)}; a new network is made`, true);
  }
  let changes = replaces.length > 0;
  for (const key of ["adopt", "connection"] as const) {
    if (containsUnknown(raw[key]) || !deepEqual(olds[key], news[key])) {
      changes = true;
      list.add(key, `${key}: recorded`);
    }
  }
  return { changes, replaces, reasons, properties: list.properties };
}
