/** Network attachments and the endpoint spec, in both directions. */
import { omitUndefined } from "../../common/clean";
import { optionsToStrings } from "../args/common";
import type { EndpointInput, NetworkInput } from "../args/networks";
import type { EngineEndpointSpec, EngineNetworkAttachment } from "../../engine/service-spec";
import { nonEmpty } from "./units";

/** `ids` (name → ID), when known, turns names into the IDs the Engine stores. */
export function networkToEngine(n: NetworkInput, ids: Record<string, string> = {}): EngineNetworkAttachment {
  if (typeof n === "string") return { Target: ids[n] ?? n };
  return omitUndefined({ Target: ids[n.target] ?? n.target, Aliases: n.aliases, DriverOpts: optionsToStrings(n.driverOpts) });
}

/** Read back: the Engine holds IDs; `names` (ID → name) gives them back their names where known. */
export function networkFromEngine(n: EngineNetworkAttachment, names: Record<string, string> = {}): NetworkInput {
  const target = names[n.Target] ?? n.Target;
  const aliases = nonEmpty(n.Aliases);
  const driverOpts = nonEmpty(n.DriverOpts);
  return aliases || driverOpts ? omitUndefined({ target, aliases, driverOpts }) : target;
}

export function endpointToEngine(e: EndpointInput | undefined): EngineEndpointSpec | undefined {
  if (!e) return undefined;
  return omitUndefined({
    Mode: e.mode,
    Ports: e.ports?.map((p) =>
      omitUndefined({ Name: p.name, Protocol: p.protocol, TargetPort: p.targetPort, PublishedPort: p.publishedPort, PublishMode: p.publishMode }),
    ),
  });
}

export function endpointFromEngine(e: EngineEndpointSpec | null | undefined): EndpointInput | undefined {
  if (!e) return undefined;
  return nonEmpty(
    omitUndefined({
      mode: nonEmpty(e.Mode) as EndpointInput["mode"],
      ports: nonEmpty(e.Ports)?.map((p) =>
        omitUndefined({
          name: nonEmpty(p.Name),
          protocol: nonEmpty(p.Protocol) as "tcp" | undefined,
          targetPort: p.TargetPort,
          publishedPort: p.PublishedPort || undefined,
          publishMode: nonEmpty(p.PublishMode) as "ingress" | undefined,
        }),
      ),
    }),
  );
}
