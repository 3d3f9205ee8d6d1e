/**
 * Secret and config references in both directions. The Engine needs both the ID and the name of each
 * (it checks that they match); `ids` (name → ID) fills in whichever the user left out, and
 * `names` (ID → name) does the reverse for references given by ID.
 */
import { omitUndefined } from "../../common/clean";
import type { ConfigRefInput, SecretRefInput } from "../args/refs";
import type { EngineConfigRef, EngineFileTarget, EngineSecretRef } from "../../engine/service-spec";
import { fileMode } from "./units";

/** The docker CLI's defaults for the file a secret or config becomes. */
export const DEFAULT_FILE_MODE = 0o444;

function fileTarget(name: string | undefined, f: { fileName?: string; uid?: string | number; gid?: string | number; mode?: string | number }): EngineFileTarget | undefined {
  const fileName = f.fileName ?? name;
  if (fileName === undefined) return undefined;
  return { Name: fileName, UID: String(f.uid ?? "0"), GID: String(f.gid ?? "0"), Mode: fileMode(f.mode) ?? DEFAULT_FILE_MODE };
}

export function secretToEngine(s: SecretRefInput, ids: Record<string, string> = {}, names: Record<string, string> = {}): EngineSecretRef {
  const name = s.secretName ?? (s.secretId !== undefined ? names[s.secretId] : undefined);
  const id = s.secretId ?? (name !== undefined ? ids[name] : undefined);
  return omitUndefined({ File: fileTarget(name, s), SecretID: id, SecretName: name });
}

export function configToEngine(c: ConfigRefInput, ids: Record<string, string> = {}, names: Record<string, string> = {}): EngineConfigRef {
  const name = c.configName ?? (c.configId !== undefined ? names[c.configId] : undefined);
  const id = c.configId ?? (name !== undefined ? ids[name] : undefined);
  // Like the docker CLI, a config's file defaults to /<name>.
  const file = c.runtime ? undefined : fileTarget(name !== undefined ? `/${name}` : undefined, c);
  return omitUndefined({ File: file, Runtime: c.runtime ? {} : undefined, ConfigID: id, ConfigName: name });
}

export function secretFromEngine(s: EngineSecretRef): SecretRefInput {
  return omitUndefined({
    secretName: s.SecretName || undefined,
    secretId: s.SecretID || undefined,
    fileName: s.File?.Name,
    uid: s.File?.UID,
    gid: s.File?.GID,
    mode: s.File?.Mode,
  });
}

export function configFromEngine(c: EngineConfigRef): ConfigRefInput {
  return omitUndefined({
    configName: c.ConfigName || undefined,
    configId: c.ConfigID || undefined,
    fileName: c.File?.Name,
    uid: c.File?.UID,
    gid: c.File?.GID,
    mode: c.File?.Mode,
    runtime: c.Runtime ? true : undefined,
  });
}
