// A swarm on one engine: its spec, autolock, and join tokens for the nodes that will join it.
//
//   pulumi config set manager unix:///path/to/docker.sock   # the engine that becomes the first manager
//   pulumi config set advertiseAddr 10.213.0.11             # the address other nodes reach it on
//   pulumi up
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Swarm, type ConnectionArgs } from "pulumi-docker-swarm";

const config = new pulumi.Config();

// A tcp:// engine with mutual TLS: the PEM texts are read from a DOCKER_CERT_PATH-style folder. The
// connection holding the key is stored as a secret.
const certPath = config.get("tlsCertPath");
const pem = (file: string) => fs.readFileSync(path.join(certPath!, file), "utf8");
const connection: ConnectionArgs = certPath
  ? { host: config.require("manager"), tls: { ca: pem("ca.pem"), cert: pem("cert.pem"), key: pem("key.pem") } }
  : { host: config.require("manager") };

const signingCAPath = config.get("signingCAPath");
const signingCA = signingCAPath
  ? {
      cert: fs.readFileSync(path.join(signingCAPath, "ca.pem"), "utf8"),
      key: fs.readFileSync(path.join(signingCAPath, "ca-key.pem"), "utf8"),
    }
  : undefined;

const swarm = new Swarm("cluster", {
  connection,
  advertiseAddr: config.get("advertiseAddr"),
  listenAddr: config.get("listenAddr") ?? "0.0.0.0:2377",
  autolock: config.getBoolean("autolock") ?? false,
  spec: {
    labels: { owner: "pulumi", env: config.get("env") ?? "dev" },
    taskHistoryRetentionLimit: config.getNumber("taskHistory") ?? 3,
    dispatcherHeartbeatPeriod: config.get("heartbeat") ?? "5s",
    caConfig: {
      nodeCertExpiry: config.get("certExpiry") ?? "720h",
      // Rotate the root CA to a CA of your own (PEM files in a folder: ca.pem and ca-key.pem).
      ...(signingCA ? { signingCACert: signingCA.cert, signingCAKey: signingCA.key } : {}),
      forceRotate: config.getNumber("caForceRotate"),
    },
    // Accepted by the engine but not stored (moby/moby#53396): `up` warns about it.
    taskDefaults: config.get("taskLogDriver") ? { logDriver: { name: config.require("taskLogDriver") } } : undefined,
    raft: { snapshotInterval: config.getNumber("snapshotInterval") ?? 10000 },
  },
  rotateWorkerToken: config.get("workerTokenGeneration"),
  rotateManagerToken: config.get("managerTokenGeneration"),
  rotateUnlockKey: config.get("unlockKeyGeneration"),
  // Take over a swarm that already runs on that engine instead of initialising one.
  adopt: config.getBoolean("adopt") ?? false,
});

export const swarmId = swarm.swarmId;
export const managerNodeId = swarm.nodeId;
export const joinAddress = swarm.joinAddress;
export const engineVersion = swarm.engineVersion;
export const spec = swarm.spec;
export const autolock = swarm.autolock;
export const joinTokens = swarm.joinTokens; // secret
export const unlockKey = swarm.unlockKey; // secret
