/** Registry credentials as the Engine takes them, and image pinning through the registry (resolveImage). */
import type { DockerEngine } from "../engine";
import type { RegistryAuth } from "../engine/api/services";
import { isEngineError } from "../engine/errors";
import { progressFor, type Progress } from "../common/progress";
import type { ServiceInputs } from "./args";
import { credentialsFromDockerConfig } from "./docker-credentials";
import { distributionInfo, hasDigest, pinImage } from "./image";

export function toRegistryAuth(inputs: Pick<ServiceInputs, "registryAuth">): RegistryAuth | undefined {
  const a = inputs.registryAuth;
  if (!a) return undefined;
  return { username: a.username, password: a.password, serveraddress: a.serverAddress, identitytoken: a.identityToken };
}

/**
 * `registryAuth: { fromDockerConfig: true }` becomes the credentials `docker login` stored for the
 * image's registry, read at every call (preview and up): a rotation in the file is then a changed
 * hash, so an in-place update. None stored: no credentials (the progress line says so).
 */
export async function withDockerConfigAuth<T extends Pick<ServiceInputs, "registryAuth" | "image" | "_name">>(inputs: T): Promise<T> {
  if (!inputs.registryAuth?.fromDockerConfig || !inputs.image) return inputs;
  const found = await credentialsFromDockerConfig(inputs.image);
  if (!found) progressFor(inputs._name, "service")(`registryAuth: the docker config holds no credentials for the registry of ${inputs.image}; pulling without`);
  return { ...inputs, registryAuth: found };
}

/**
 * The image to write: as declared, or pinned to the registry's digest with resolveImage. A registry
 * the Engine cannot reach is not fatal: the tag is used as written, and the progress line says so.
 */
export async function resolveImage(engine: DockerEngine, inputs: ServiceInputs, log: Progress): Promise<{ image: string; digest?: string }> {
  if (!inputs.resolveImage || hasDigest(inputs.image)) return { image: inputs.image };
  try {
    const info = distributionInfo(await engine.distribution.inspect(inputs.image, toRegistryAuth(inputs), 15_000));
    if (!info) throw new Error("the registry answered without a digest");
    return { image: pinImage(inputs.image, info.digest), digest: info.digest };
  } catch (e) {
    const why = isEngineError(e) ? e.engineMessage : (e as Error).message;
    log(`resolveImage: cannot resolve ${inputs.image} through its registry (${why}); using "${inputs.image}" as written`);
    return { image: inputs.image };
  }
}
