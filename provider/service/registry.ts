/** Registry credentials as the Engine takes them, and image pinning through the registry (resolveImage). */
import type { DockerEngine } from "../engine";
import type { RegistryAuth } from "../engine/api/services";
import { isEngineError } from "../engine/errors";
import type { Progress } from "../common/progress";
import type { ServiceInputs } from "./args";
import { distributionInfo, hasDigest, pinImage } from "./image";

export function toRegistryAuth(inputs: Pick<ServiceInputs, "registryAuth">): RegistryAuth | undefined {
  const a = inputs.registryAuth;
  if (!a) return undefined;
  return { username: a.username, password: a.password, serveraddress: a.serverAddress, identitytoken: a.identityToken };
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
