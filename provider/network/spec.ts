/** Pure mapping of SwarmNetwork inputs to the Engine's network create request, and back for adoption. */
import { createHash } from "node:crypto";
import type { Network, NetworkCreateRequest } from "../engine/api/networks";
import { omitUndefined } from "../common/clean";
import { VERSION_OF_LABEL } from "../common/versions";
import { networkNameOf, type NetworkInputs } from "./args";

/** The settings that make a network what it is (every one of them: networks cannot change). */
export const SETTINGS = ["driver", "attachable", "internal", "encrypted", "ingress", "enableIPv6", "ipam", "options", "labels"] as const;

export function toCreateRequest(inputs: NetworkInputs, name: string): NetworkCreateRequest {
  const options = { ...(inputs.options ?? {}), ...(inputs.encrypted ? { encrypted: "" } : {}) };
  return omitUndefined({
    Name: name,
    CheckDuplicate: true,
    Driver: inputs.driver,
    Scope: "swarm",
    Internal: inputs.internal,
    Attachable: inputs.attachable,
    Ingress: inputs.ingress,
    EnableIPv6: inputs.enableIPv6,
    IPAM: inputs.ipam
      ? omitUndefined({
          Driver: inputs.ipam.driver ?? "default",
          Config: inputs.ipam.config?.map((c) => omitUndefined({ Subnet: c.subnet, IPRange: c.ipRange, Gateway: c.gateway, AuxiliaryAddresses: c.auxAddresses })),
          Options: inputs.ipam.options,
        })
      : undefined,
    Options: Object.keys(options).length ? options : undefined,
    Labels: { ...(inputs.labels ?? {}), ...(inputs._owner ? { [VERSION_OF_LABEL]: inputs._owner } : {}) },
  });
}

/**
 * The name of a replacement whose name the old network still holds: "<name>-<8 hex of its settings>"
 * (the next replacement gets the plain name back, once the old one is gone).
 */
export function replacementName(inputs: NetworkInputs): string {
  const settings = JSON.stringify(SETTINGS.map((k) => inputs[k] ?? null));
  return `${networkNameOf(inputs)}-${createHash("sha256").update(settings).digest("hex").slice(0, 8)}`;
}

/**
 * Where an existing network differs from the declared settings (for adoption, which must not hide a
 * difference the Engine cannot fix in place). Only what was declared is compared.
 */
export function differences(n: Network, inputs: NetworkInputs): string[] {
  const out: string[] = [];
  const check = (what: string, declared: unknown, actual: unknown) => {
    if (declared !== undefined && JSON.stringify(declared) !== JSON.stringify(actual)) out.push(`${what}: declared ${JSON.stringify(declared)}, the network has ${JSON.stringify(actual)}`);
  };
  check("driver", inputs.driver, n.Driver);
  check("attachable", inputs.attachable, !!n.Attachable);
  check("internal", inputs.internal, !!n.Internal);
  check("ingress", inputs.ingress, !!n.Ingress);
  check("encrypted", inputs.encrypted, n.Options ? "encrypted" in n.Options : false);
  check(
    "ipam.config subnets",
    inputs.ipam?.config?.map((c) => c.subnet),
    (n.IPAM?.Config ?? []).map((c) => c.Subnet),
  );
  for (const [k, v] of Object.entries(inputs.options ?? {})) check(`options.${k}`, v, n.Options?.[k]);
  for (const [k, v] of Object.entries(inputs.labels ?? {})) check(`labels.${k}`, v, n.Labels?.[k]);
  return out;
}

/** What the Engine reports about the network, in the outputs' shape. */
export function observedOf(n: Network): Record<string, unknown> {
  return omitUndefined({
    networkId: n.Id,
    engineName: n.Name,
    scope: n.Scope ?? "swarm",
    subnets: (n.IPAM?.Config ?? []).map((c) => omitUndefined({ subnet: c.Subnet ?? undefined, gateway: c.Gateway ?? undefined, ipRange: c.IPRange ?? undefined })),
    createdAt: n.Created ?? "",
  });
}
