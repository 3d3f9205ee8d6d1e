// A stack's objects as resources: two overlay networks, a secret and a config, and services that use
// them by resource. Change the secret (`pulumi config set --secret dbPassword …`) and `pulumi up`
// rotates it without downtime: a new secret object, each service updated in place (rolling), then the
// old secret removed. The services see the same file, /run/secrets/db_password, throughout.
//
//   pulumi config set manager unix:///path/to/manager.sock      # a manager of an existing swarm
//   pulumi config set --secret dbPassword s3cret
//   pulumi up
//
// Optional: image, count (services, default 3), appConf (the config's text), keepVersions,
// frontendFor (index of a service attached to the second network instead), failFor (index of a
// service whose command fails), adoptExisting (adopt objects named adopted-secret, adopted-config
// and adopted-net made with the docker CLI).
import * as pulumi from "@pulumi/pulumi";
import { SwarmConfig, SwarmNetwork, SwarmSecret, SwarmService } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const connection = { host: config.require("manager") };
const image = config.get("image") ?? "pds/busybox:latest";

const backend = new SwarmNetwork("backend", { connection, attachable: true, labels: { tier: "backend" } });
const frontend = new SwarmNetwork("frontend", { connection, attachable: true, ipam: { config: [{ subnet: "10.77.0.0/24" }] } });

const dbPassword = new SwarmSecret("db_password", {
  connection,
  data: config.requireSecret("dbPassword"),
  keepVersions: config.getNumber("keepVersions") ?? 0,
  labels: { app: "shop" },
});
const appConf = new SwarmConfig("app.conf", { connection, data: config.get("appConf") ?? "listen 8080\n" });

const frontendFor = config.getNumber("frontendFor");
const failFor = config.getNumber("failFor");
const services = Array.from({ length: config.getNumber("count") ?? 3 }, (_, i) =>
  new SwarmService(`api${i}`, {
    connection,
    image,
    command:
      i === failFor
        ? ["sh", "-c", "echo cannot start; exit 1"]
        : ["sh", "-c", "echo password=$(cat /run/secrets/db_password); echo conf=$(cat /etc/app.conf); exec sleep 3600"],
    replicas: 1,
    secrets: [{ secret: dbPassword, target: "db_password", mode: 0o400 }],
    configs: [{ config: appConf, target: "/etc/app.conf" }],
    networks: [{ network: i === frontendFor ? frontend : backend, aliases: [`api${i}`] }],
    stopGracePeriod: "1s",
    updateConfig: { order: "start-first", monitor: "2s" },
    convergence: { timeout: "90s" },
  }),
);

if (config.getBoolean("adoptExisting")) {
  new SwarmSecret("adopted", { connection, engineName: "adopted-secret", data: config.requireSecret("adoptedSecret"), adopt: true });
  new SwarmConfig("adopted-config", { connection, engineName: "adopted-config", data: "adopted\n", adopt: true });
  new SwarmNetwork("adopted-net", { connection, attachable: true, adopt: true });
}

export const secretName = dbPassword.engineName;
export const secretId = dbPassword.secretId;
export const configName = appConf.engineName;
export const serviceIds = services.map((s) => s.serviceId);
export const networks = { backend: backend.networkId, frontend: frontend.networkId };
