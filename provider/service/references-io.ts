/**
 * Engine look-ups of the swarm objects a service refers to (secrets, configs, networks), each done
 * only when the inputs or the spec use that kind, with one list call per kind.
 */
import type { DockerEngine } from "../engine";
import type { ServiceInputs } from "./args";
import { emptyReferences, type References } from "../engine/service-references";
import { InputError } from "../common/errors";

export class ReferenceError extends Error {
  override readonly name = "ReferenceError";
}

interface Named {
  id: string;
  name: string;
}

function resolveOne(kind: string, property: string, all: Named[], name: string | undefined, id: string | undefined): Named {
  if (id !== undefined) {
    const found = all.find((o) => o.id === id) ?? all.filter((o) => o.id.startsWith(id)).at(0);
    if (!found) throw new ReferenceError(`${property}: no ${kind} with ID "${id}" in the swarm`);
    if (name !== undefined && found.name !== name) {
      throw new ReferenceError(`${property}: ${kind} ${id} is named "${found.name}", not "${name}"`);
    }
    return found;
  }
  const found = all.find((o) => o.name === name);
  if (!found) throw new ReferenceError(`${property}: no ${kind} named "${name}" in the swarm (create it first)`);
  return found;
}

/** name → ID of every secret, config and network the inputs refer to; fails naming the property. */
export async function resolveReferences(engine: DockerEngine, i: ServiceInputs): Promise<References> {
  const refs = emptyReferences();
  if (i.secrets?.length) {
    const all = (await engine.secrets.list()).map((s) => ({ id: s.ID, name: s.Spec.Name }));
    i.secrets.forEach((s, n) => {
      const r = resolveOne("secret", `secrets[${n}]`, all, s.secretName, s.secretId);
      refs.secrets[r.name] = r.id;
    });
  }
  const credConfig = i.privileges?.credentialSpec?.config;
  if (i.configs?.length || credConfig) {
    const all = (await engine.configs.list()).map((c) => ({ id: c.ID, name: c.Spec.Name }));
    i.configs?.forEach((c, n) => {
      const r = resolveOne("config", `configs[${n}]`, all, c.configName, c.configId);
      refs.configs[r.name] = r.id;
    });
    if (credConfig && !refs.configs[credConfig] && !Object.values(refs.configs).includes(credConfig)) {
      const r = resolveOne("config", "privileges.credentialSpec.config", all, credConfig, undefined);
      refs.configs[r.name] = r.id;
    }
  }
  if (i.networks?.length) {
    const all = (await engine.networks.list()).map((x) => ({ id: x.Id, name: x.Name }));
    i.networks.forEach((net, n) => {
      const target = typeof net === "string" ? net : net.target;
      const byId = all.find((x) => x.id === target);
      const r = byId ?? resolveOne("network", `networks[${n}]`, all, target, undefined);
      refs.networks[r.name] = r.id;
    });
  }
  return refs;
}

/** resolveReferences, with a missing object reported as bad input naming the property. */
export async function references(engine: DockerEngine, inputs: ServiceInputs): Promise<References> {
  try {
    return await resolveReferences(engine, inputs);
  } catch (e) {
    if (e instanceof ReferenceError) throw new InputError([{ property: e.message.split(":")[0], reason: e.message }]);
    throw e;
  }
}
