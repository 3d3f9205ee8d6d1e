/**
 * The resource's outputs: the inputs echoed as given (without the registry credentials), the spec as
 * read back in the inputs' shape (the parts under inputs that held a secret go to `secretSpec`, which
 * the SDK always marks secret), the engine the service was made on, and the service's live state
 * (ports, task counts, update status).
 */
import type { DockerEngine } from "../engine";
import type { Service } from "../engine/schemas";
import type { EngineServiceSpec } from "../engine/service-spec";
import { referencesOfSpec } from "../engine/service-references";
import { omitUndefined } from "../common/clean";
import type { EngineRecord } from "../common/connection";
import { splitSecretSpec } from "../common/secrets";
import type { ServiceInputs } from "./args";
import { registryAuthHash, serviceNameOf } from "./diff";
import { fromEngineSpec } from "./spec";

export interface OutputExtras {
  adopted?: boolean;
  resolvedImage?: string;
  /** The engine (and swarm) the service was made on. */
  record: EngineRecord;
}

export async function readOutputs(engine: DockerEngine, service: Service, inputs: ServiceInputs, extra: OutputExtras): Promise<Record<string, unknown>> {
  const spec = service.Spec as EngineServiceSpec;
  const [refs, listed, apiVersion] = await Promise.all([
    referencesOfSpec(engine, spec),
    engine.services.list({ id: [service.ID] }, true),
    engine.apiVersion(),
  ]);
  const status = listed.find((s) => s.ID === service.ID)?.ServiceStatus;
  const { registryAuth, ...echo } = inputs;
  const us = service.UpdateStatus;
  const split = splitSecretSpec(fromEngineSpec(spec, refs), inputs._secretKeys ?? []);
  return omitUndefined({
    ...echo,
    ...baseOutputs(inputs, extra),
    serviceId: service.ID,
    version: service.Version.Index,
    createdAt: service.CreatedAt ?? "",
    updatedAt: service.UpdatedAt ?? "",
    spec: split.spec,
    secretSpec: split.secretSpec,
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
    apiVersion,
  });
}

/**
 * What state holds when the service exists but could not be read back: enough to find it again (ID,
 * engine), and no `spec`, so that the next diff sees a change and the next `up` updates and waits.
 */
export function fallbackOutputs(id: string, inputs: ServiceInputs, extra: OutputExtras): Record<string, unknown> {
  const { registryAuth: _r, ...echo } = inputs;
  return omitUndefined({ ...echo, ...baseOutputs(inputs, extra), serviceId: id });
}

function baseOutputs(inputs: ServiceInputs, extra: OutputExtras): Record<string, unknown> {
  return {
    name: serviceNameOf(inputs),
    registryAuthHash: registryAuthHash(inputs.registryAuth) ?? "",
    resolvedImage: extra.resolvedImage,
    adopted: extra.adopted ?? false,
    engine: extra.record,
    resolvedHost: extra.record.host,
  };
}
