/**
 * The resource's outputs: the inputs echoed as given (without the registry credentials), the spec as
 * read back in the inputs' shape, and the service's live state (ports, task counts, update status).
 */
import type { DockerEngine } from "../engine";
import type { Service } from "../engine/schemas";
import { omitUndefined } from "../common/clean";
import type { ServiceInputs } from "./args";
import { registryAuthHash, serviceNameOf } from "./diff";
import { fromEngineSpec } from "./spec";
import type { EngineServiceSpec } from "./spec/engine-types";
import { referencesOfSpec } from "./references-io";

export interface OutputExtras {
  adopted?: boolean;
  resolvedImage?: string;
}

export async function readOutputs(engine: DockerEngine, service: Service, inputs: ServiceInputs, extra: OutputExtras): Promise<Record<string, unknown>> {
  const spec = service.Spec as unknown as EngineServiceSpec;
  const [refs, listed, apiVersion] = await Promise.all([
    referencesOfSpec(engine, spec),
    engine.services.list({ id: [service.ID] }, true),
    engine.apiVersion(),
  ]);
  const status = listed.find((s) => s.ID === service.ID)?.ServiceStatus;
  const { registryAuth, ...echo } = inputs;
  const us = service.UpdateStatus;
  return omitUndefined({
    ...echo,
    name: serviceNameOf(inputs),
    serviceId: service.ID,
    version: service.Version.Index,
    createdAt: service.CreatedAt ?? "",
    updatedAt: service.UpdatedAt ?? "",
    spec: fromEngineSpec(spec, refs),
    references: refs,
    endpointPorts: (service.Endpoint?.Ports ?? []).map((p) =>
      omitUndefined({
        name: p.Name || undefined,
        protocol: p.Protocol ?? "tcp",
        targetPort: p.TargetPort ?? 0,
        publishedPort: p.PublishedPort ?? 0,
        publishMode: p.PublishMode ?? "ingress",
      }),
    ),
    virtualIps: (service.Endpoint?.VirtualIPs ?? []).map((v) => ({ networkId: v.NetworkID ?? "", addr: v.Addr ?? "" })),
    runningTasks: status?.RunningTasks ?? 0,
    desiredTasks: status?.DesiredTasks ?? 0,
    completedTasks: status?.CompletedTasks ?? 0,
    updateStatus: us?.State
      ? omitUndefined({ state: us.State, message: us.Message ?? "", startedAt: us.StartedAt ?? undefined, completedAt: us.CompletedAt ?? undefined })
      : {},
    jobIteration: service.JobStatus ? (service.JobStatus.JobIteration?.Index ?? 0) : undefined,
    registryAuthHash: registryAuthHash(registryAuth) ?? "",
    resolvedImage: extra.resolvedImage,
    adopted: extra.adopted ?? false,
    resolvedHost: engine.host,
    apiVersion,
  });
}
