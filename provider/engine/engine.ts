/**
 * The Engine client as the resources use it: one object per engine with one client per API area
 * (as testcontainers-node does), sharing a single HTTP core and its keep-alive pool.
 */
import { HttpEngineClient } from "./client";
import { resolveConnection, connectionKey, type ConnectionSettings } from "./connection";
import { NodesApi } from "./api/nodes";
import { ServicesApi } from "./api/services";
import { SwarmApi } from "./api/swarm";
import { SystemApi } from "./api/system";
import { TasksApi } from "./api/tasks";
import { SecretsApi } from "./api/secrets";
import { ConfigsApi } from "./api/configs";
import { NetworksApi } from "./api/networks";
import { DistributionApi } from "./api/distribution";
import { EventsApi } from "./api/events";
import type { Transport } from "./transport";

export class DockerEngine {
  readonly http: HttpEngineClient;
  readonly system: SystemApi;
  readonly swarm: SwarmApi;
  readonly nodes: NodesApi;
  readonly services: ServicesApi;
  readonly tasks: TasksApi;
  readonly secrets: SecretsApi;
  readonly configs: ConfigsApi;
  readonly networks: NetworksApi;
  readonly distribution: DistributionApi;
  readonly events: EventsApi;

  constructor(settings?: ConnectionSettings, transport?: Transport) {
    this.http = new HttpEngineClient(settings, transport);
    this.system = new SystemApi(this.http);
    this.swarm = new SwarmApi(this.http);
    this.nodes = new NodesApi(this.http);
    this.services = new ServicesApi(this.http);
    this.tasks = new TasksApi(this.http);
    this.secrets = new SecretsApi(this.http);
    this.configs = new ConfigsApi(this.http);
    this.networks = new NetworksApi(this.http);
    this.distribution = new DistributionApi(this.http);
    this.events = new EventsApi(this.http);
  }

  get host(): string {
    return this.http.host;
  }

  apiVersion(): Promise<string> {
    return this.http.apiVersion();
  }
}

const engines = new Map<string, DockerEngine>();

/** One DockerEngine per distinct connection for the life of the process (the provider host serves many resources). */
export function engineFor(settings?: ConnectionSettings): DockerEngine {
  const key = connectionKey(resolveConnection(settings));
  let e = engines.get(key);
  if (!e) {
    e = new DockerEngine(settings);
    engines.set(key, e);
  }
  return e;
}
