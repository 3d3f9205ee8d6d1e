/**
 * Fields that need a newer Engine API than the oldest one this package speaks. An Engine silently
 * drops fields newer than the request's API version (engine-api §1.3), which would leave a
 * permanent diff; so each one used is checked against the negotiated version and refused, naming
 * the property. Only fields newer than CLIENT_MIN_API_VERSION cost an engine call in check.
 */
import { compareApiVersions } from "../engine/api-version";
import type { ServiceInputs } from "./args";

export interface GatedUse {
  property: string;
  minApi: string;
}

/** The Docker Engine release that brought each API version (for messages). */
const ENGINE_FOR_API: Record<string, string> = {
  "1.30": "17.06",
  "1.35": "17.12",
  "1.38": "18.06",
  "1.40": "19.03",
  "1.41": "20.10",
  "1.42": "23.0",
  "1.44": "25.0",
  "1.45": "26.0",
};

export function gatedFields(i: ServiceInputs): GatedUse[] {
  const out: GatedUse[] = [];
  const use = (cond: unknown, property: string, minApi: string) => {
    if (cond !== undefined && cond !== false) out.push({ property, minApi });
  };
  use(i.privileges, "privileges", "1.30");
  use(i.configs?.length ? true : undefined, "configs", "1.30");
  use(i.placement?.platforms, "placement.platforms", "1.30");
  use(i.isolation, "isolation", "1.35");
  use(i.init, "init", "1.38");
  use(i.sysctls, "sysctls", "1.40");
  use(i.placement?.maxReplicas, "placement.maxReplicas", "1.40");
  i.configs?.forEach((c, n) => use(c.runtime, `configs[${n}].runtime`, "1.40"));
  use(i.privileges?.credentialSpec?.config, "privileges.credentialSpec.config", "1.40");
  use(i.capabilityAdd, "capabilityAdd", "1.41");
  use(i.capabilityDrop, "capabilityDrop", "1.41");
  use(i.ulimits, "ulimits", "1.41");
  use(i.resources?.limits?.pids, "resources.limits.pids", "1.41");
  use(i.mode === "replicated-job" || i.mode === "global-job" ? true : undefined, "mode", "1.41");
  i.mounts?.forEach((m, n) => use(m.bindOptions?.nonRecursive, `mounts[${n}].bindOptions.nonRecursive`, "1.41"));
  use(i.privileges?.seccomp, "privileges.seccomp", "1.44");
  use(i.privileges?.appArmor, "privileges.appArmor", "1.44");
  use(i.privileges?.noNewPrivileges, "privileges.noNewPrivileges", "1.44");
  use(i.healthcheck?.startInterval, "healthcheck.startInterval", "1.44");
  i.mounts?.forEach((m, n) => use(m.volumeOptions?.subpath, `mounts[${n}].volumeOptions.subpath`, "1.45"));
  return out;
}

/** The uses the given API version lacks. */
export function refusedAt(uses: GatedUse[], apiVersion: string): GatedUse[] {
  return uses.filter((u) => compareApiVersions(u.minApi, apiVersion) > 0);
}

export function refusalMessage(u: GatedUse, apiVersion: string, host: string): string {
  const engine = ENGINE_FOR_API[u.minApi];
  return (
    `${u.property}: needs Engine API ${u.minApi}${engine ? ` (Docker ${engine} or later)` : ""}, but ${host} speaks API ${apiVersion}; ` +
    "an older Engine would silently drop it"
  );
}
