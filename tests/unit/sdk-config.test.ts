/**
 * Stack configuration (docker-swarm:*): the connection it names, used only where a resource or a
 * look-up has no `connection`, with the TLS key kept secret; the registryAuth switch.
 */
import * as pulumi from "@pulumi/pulumi";
import { lookupConnection, registryAuthWithStackConfig, stackConnection, withStackConfig } from "../../sdk/config";
import { protectConnection } from "../../sdk/types";

const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEstackKEY\n-----END PRIVATE KEY-----\n";

function valueOf<T>(o: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));
}

afterEach(() => pulumi.runtime.setAllConfig({}, []));

describe("stack configuration", () => {
  it("names nothing when nothing is set: resources keep their own behaviour", () => {
    pulumi.runtime.setAllConfig({}, []);
    expect(stackConnection()).toBeUndefined();
    expect(withStackConfig(undefined)).toBeUndefined();
    expect(lookupConnection(undefined)).toBeUndefined();
  });

  it("host, context, TLS, ssh options, API version and timeout become the connection", async () => {
    pulumi.runtime.setAllConfig(
      {
        "docker-swarm:host": "ssh://ops@manager1",
        "docker-swarm:sshOptions": '["ProxyJump=bastion"]',
        "docker-swarm:apiVersion": "1.41",
        "docker-swarm:requestTimeout": "1m",
        "project:other": "x",
      },
      [],
    );
    expect(await valueOf(withStackConfig(undefined))).toEqual({ host: "ssh://ops@manager1", sshOptions: ["ProxyJump=bastion"], apiVersion: "1.41", requestTimeout: "1m" });
    pulumi.runtime.setAllConfig({ "docker-swarm:context": "prod" }, []);
    expect(await valueOf(withStackConfig(undefined))).toEqual({ context: "prod" });
  });

  it("a declared connection wins, and a SwarmNode's own engine takes it only when it joins", async () => {
    pulumi.runtime.setAllConfig({ "docker-swarm:host": "tcp://10.0.0.11:2376" }, []);
    expect(withStackConfig({ host: "unix:///mine.sock" })).toEqual({ host: "unix:///mine.sock" });
    expect(withStackConfig(undefined, false)).toBeUndefined();
    expect(await valueOf(withStackConfig(undefined, true))).toEqual({ host: "tcp://10.0.0.11:2376" });
    expect(lookupConnection({ host: "unix:///mine.sock" })).toEqual({ host: "unix:///mine.sock" });
    expect(lookupConnection(undefined)).toEqual({ host: "tcp://10.0.0.11:2376" });
  });

  it("tlsKey is a secret in a resource's connection (the whole connection becomes one), plain only for look-ups", async () => {
    pulumi.runtime.setAllConfig(
      { "docker-swarm:host": "tcp://10.0.0.11:2376", "docker-swarm:tlsCertPath": "/certs", "docker-swarm:tlsKey": KEY, "docker-swarm:tlsVerify": "true" },
      ["docker-swarm:tlsKey"],
    );
    const conn = protectConnection(withStackConfig(undefined));
    expect(await pulumi.isSecret(pulumi.output(conn))).toBe(true);
    expect(await valueOf(conn)).toEqual({ host: "tcp://10.0.0.11:2376", tls: { certPath: "/certs", key: KEY, verify: true } });
    // Set without --secret, it is made a secret all the same.
    pulumi.runtime.setAllConfig({ "docker-swarm:host": "tcp://10.0.0.11:2376", "docker-swarm:tlsKey": KEY, "docker-swarm:tlsCertPath": "/certs" }, []);
    expect(await pulumi.isSecret(pulumi.output(protectConnection(withStackConfig(undefined))))).toBe(true);
    expect(lookupConnection(undefined)).toEqual({ host: "tcp://10.0.0.11:2376", tls: { certPath: "/certs", key: KEY } });
  });

  it("registryAuthFromDockerConfig: true gives services without registryAuth { fromDockerConfig: true }, as a secret", async () => {
    expect(registryAuthWithStackConfig(undefined)).toBeUndefined();
    pulumi.runtime.setAllConfig({ "docker-swarm:registryAuthFromDockerConfig": "true" }, []);
    const auth = registryAuthWithStackConfig(undefined);
    expect(await valueOf(auth)).toEqual({ fromDockerConfig: true });
    expect(await pulumi.isSecret(pulumi.output(auth))).toBe(true);
    const explicit = registryAuthWithStackConfig({ username: "u", password: "p" });
    expect(await valueOf(explicit)).toEqual({ username: "u", password: "p" });
    expect(await pulumi.isSecret(pulumi.output(explicit))).toBe(true);
  });
});
