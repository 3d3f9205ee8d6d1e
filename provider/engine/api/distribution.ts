/**
 * `GET /distribution/{name}/json`: the registry's manifest descriptor of an image (its digest) and
 * platforms, asked by the Engine on our behalf, with our registry credentials if any.
 */
import { z } from "zod";
import type { HttpEngineClient } from "../client";
import { authHeader, type RegistryAuth } from "./services";

export const DistributionSchema = z.looseObject({
  Descriptor: z.looseObject({ mediaType: z.string().nullish(), digest: z.string(), size: z.number().nullish() }),
  Platforms: z.array(z.looseObject({ architecture: z.string().nullish(), os: z.string().nullish() })).nullish(),
});
export type DistributionInspect = z.infer<typeof DistributionSchema>;

export class DistributionApi {
  constructor(private readonly http: HttpEngineClient) {}

  /** The name keeps its slashes, ":" and "@" in the path, as the docker CLI sends it. */
  inspect(image: string, auth?: RegistryAuth, timeoutMs?: number): Promise<DistributionInspect> {
    const path = `/distribution/${encodeURI(image)}/json`;
    return this.http.json("GET", path, DistributionSchema, { headers: authHeader(auth), timeoutMs });
  }
}
