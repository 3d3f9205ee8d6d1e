/**
 * Field-level comparison for the SwarmService resource (pure: no engine calls, so preview of an
 * unchanged program costs nothing).
 *
 * `olds` are the outputs in state: the inputs echoed as given, plus the spec as last read back from
 * the Engine (`spec`, in the inputs' shape) and the name ↔ ID references seen then. The declared
 * spec and the read-back spec go through the same mapping and normal form (compare.ts), so the
 * Engine's defaults, tag vs tag@digest, network IDs vs names and EndpointSpec details cause no diff.
 * Only a new name or mode replaces the service (the Engine refuses both in place); delete first,
 * since names are unique in a swarm.
 */
import { createHash } from "node:crypto";
import { changeList, type PropertyChange } from "../common/changes";
import { deepEqual } from "../common/clean";
import { updatedInPlace } from "../common/progress";
import { containsUnknown, isUnknown } from "../common/unknowns";
import type { RegistryAuthInput, ServiceInputs } from "./args";
import { declaredOf, plan } from "./compare";
import { SPEC_KEYS, specInputsOf, toEngineSpec, type EffectiveSpec } from "./spec";
import { emptyReferences, type References } from "../engine/service-references";

export interface ServiceState extends Partial<Omit<ServiceInputs, "registryAuth">> {
  spec?: EffectiveSpec;
  references?: References;
  serviceId?: string;
  registryAuthHash?: string;
  resolvedHost?: string;
}

export interface ServiceDiff {
  changes: boolean;
  replaces: string[];
  /** Human-readable reasons, one per changed property. */
  reasons: string[];
  /** The changed spec properties (a write to the Engine is needed). */
  specChanges: string[];
}

/** The diff with its changes structured: property path, replace or not, reason. */
export interface DetailedServiceDiff extends ServiceDiff {
  properties: PropertyChange[];
}

/** Settings of this package only: recorded in state, never sent to the Engine. */
const BEHAVIOUR_KEYS = ["convergence", "rollbackOnFailure", "adopt", "resolveImage"] as const;

export function serviceNameOf(i: Pick<ServiceInputs, "name" | "_name">): string {
  return i.name ?? i._name ?? "";
}

/** A hash of the credentials, kept in state to notice a change without keeping the credentials. */
export function registryAuthHash(auth: RegistryAuthInput | undefined): string | undefined {
  if (!auth) return undefined;
  const canonical = JSON.stringify([auth.username ?? "", auth.password ?? "", auth.serverAddress ?? "", auth.identityToken ?? ""]);
  return `sha256:${createHash("sha256").update(canonical, "utf8").digest("hex")}`;
}

/**
 * @param news    the new inputs, parsed with unknowns removed.
 * @param rawNews the new inputs as received, to see which values are unknown.
 */
export function diffService(olds: ServiceState, news: ServiceInputs, rawNews: Record<string, unknown>): ServiceDiff {
  const { properties: _structured, ...d } = diffServiceDetailed(olds, news, rawNews);
  return d;
}

/** diffService, with the changes also as a structured list (for the provider plugin's detailed diff). */
export function diffServiceDetailed(olds: ServiceState, news: ServiceInputs, rawNews: Record<string, unknown>): DetailedServiceDiff {
  const replaces: string[] = [];
  const list = changeList();
  const { reasons } = list;
  const oldSpec = olds.spec;
  const oldName = oldSpec?.name ?? olds.name ?? olds._name;
  const newName = serviceNameOf(news);

  if (isUnknown(rawNews.name) || (oldName !== undefined && oldName !== newName)) {
    replaces.push("name");
    list.add("name", `name: the Engine cannot rename a service, so "${oldName}" is replaced by "${isUnknown(rawNews.name) ? "(known after apply)" : newName}"`, true);
  }
  const oldMode = oldSpec?.mode ?? olds.mode ?? "replicated";
  if (isUnknown(rawNews.mode) || oldMode !== news.mode) {
    replaces.push("mode");
    list.add("mode", `mode: the Engine cannot change a service's mode (${oldMode} → ${isUnknown(rawNews.mode) ? "(known after apply)" : news.mode}), so the service is replaced`, true);
  }

  let specChanges: string[] = [];
  const unknownKeys = SPEC_KEYS.filter((k) => containsUnknown(rawNews[k]));
  if (unknownKeys.length) {
    specChanges = unknownKeys.filter((k) => k !== "name" && k !== "mode");
    for (const k of specChanges) list.add(k, `${k}: depends on values not known until apply`);
  }
  if (oldSpec && !replaces.length) {
    const refs = olds.references ?? emptyReferences();
    const current = toEngineSpec(oldSpec, refs);
    const { changed } = plan(specInputsOf(news, newName), declaredOf(news), current, refs);
    for (const k of changed) {
      if (unknownKeys.includes(k as (typeof SPEC_KEYS)[number])) continue;
      specChanges.push(k);
      list.add(k, updatedInPlace(k));
    }
  } else if (!oldSpec && !replaces.length) {
    specChanges.push("spec");
    list.add("", "spec: not read back yet");
  }

  let changes = replaces.length > 0 || specChanges.length > 0;

  if (containsUnknown(rawNews.registryAuth) || (registryAuthHash(news.registryAuth) ?? "") !== (olds.registryAuthHash ?? "")) {
    changes = true;
    list.add("registryAuth", "registryAuth: new credentials are sent with an in-place update");
  }
  if (!deepEqual(olds.connection, news.connection) || containsUnknown(rawNews.connection)) {
    changes = true;
    list.add("connection", "connection: recorded (the service is looked up by ID on that engine)");
  }
  for (const key of BEHAVIOUR_KEYS) {
    if (containsUnknown(rawNews[key]) || !deepEqual(olds[key], news[key])) {
      changes = true;
      list.add(key, `${key}: recorded`);
    }
  }
  return { changes, replaces, reasons, properties: list.properties, specChanges };
}
