/**
 * planStack: the full fixture (every key SwarmStack maps) → exactly the SwarmService inputs and object
 * specs `docker stack deploy` would produce; and every planned service accepted by the real
 * SwarmService schema once its references are resolved.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { validate } from "../../provider/common/check";
import { serviceInputs } from "../../provider/service/args";
import { ComposeError, loadCompose, planStack, resolveReferences, type StackPlan } from "../../provider/stack/compose";

const DIR = path.join(__dirname, "../fixtures/compose/full");
const NS = "com.docker.stack.namespace";
const IMAGE = "com.docker.stack.image";

function loadFull() {
  return loadCompose(fs.readFileSync(path.join(DIR, "compose.yml"), "utf8"), {
    workingDir: DIR,
    readFile: (p) => fs.readFileSync(p, "utf8"),
    variables: { API_KEY: "k3y", FROM_VARS: "from variables", PASSED_THROUGH: "passed" },
    environment: { EMPTY_FROM_VARS: "from the environment", TAG: "9.9" },
    useEnvironment: true,
  });
}

function plan(text: string, namespace = "st", variables: Record<string, string> = {}): StackPlan {
  return planStack(loadCompose(text, { workingDir: "/srv/app", variables }).project, { namespace });
}

function planIssues(text: string, namespace = "st") {
  try {
    plan(text, namespace);
  } catch (e) {
    expect(e).toBeInstanceOf(ComposeError);
    return (e as ComposeError).issues;
  }
  throw new Error("expected planStack to fail");
}

describe("the full fixture", () => {
  const { project, warnings } = loadFull();
  const p = planStack(project, { namespace: "shop" });

  it("loads with only the expected warnings", () => {
    expect(warnings).toEqual([
      "services.web.restart: ignored: deploy.restart_policy is set",
      "services.worker.restart: used as the restart policy (condition any), as docker stack deploy does when deploy.restart_policy is absent; prefer deploy.restart_policy",
      "networks.outside: not used by any service: not created (as docker stack deploy)",
    ]);
  });

  it("plans web, which uses every service key", () => {
    expect(p.services.web).toEqual({
      name: "shop_web",
      args: {
        name: "shop_web",
        labels: { "com.example.owner": "shop", [NS]: "shop", [IMAGE]: "registry.example.com/shop/web:9.9" },
        image: "registry.example.com/shop/web:9.9",
        command: ["/docker-entrypoint.sh", "--verbose"],
        args: ["nginx", "-g", "daemon off;"],
        env: [
          "EMPTY_FROM_VARS=from the environment",
          "FROM_FILE=file value  ",
          "FROM_VARS=from variables",
          "INDENTED=yes",
          "LOG_LEVEL=info",
          "PASSED_THROUGH=passed",
          'QUOTED="kept as is"',
          "WORKERS=4",
        ],
        containerLabels: { "com.example.tier": "frontend", [NS]: "shop" },
        hostname: "web",
        user: "101:101",
        workdir: "/usr/share/nginx",
        tty: true,
        openStdin: true,
        readOnly: true,
        init: true,
        stopSignal: "SIGQUIT",
        stopGracePeriod: "1m30s",
        healthcheck: {
          test: ["CMD-SHELL", "wget -qO- http://localhost:8080/health || exit 1"],
          interval: "10s",
          timeout: "2s",
          startPeriod: "30s",
          startInterval: "1s",
          retries: 3,
        },
        hosts: ["10.0.0.20 db.internal", "2001:db8::1 v6.internal"],
        dns: { nameservers: ["10.0.0.2", "10.0.0.3"], search: ["example.internal"] },
        capabilityAdd: ["CAP_NET_ADMIN", "CAP_SYS_TIME"],
        capabilityDrop: ["ALL"],
        sysctls: { "net.core.somaxconn": "1024" },
        ulimits: [
          { name: "nofile", soft: 20000, hard: 40000 },
          { name: "nproc", soft: 65535, hard: 65535 },
        ],
        isolation: "default",
        mounts: [
          { type: "volume", source: "shop_static", target: "/usr/share/nginx/html", readOnly: true, volumeOptions: { labels: { [NS]: "shop" } } },
          { type: "bind", source: path.join(DIR, "conf.d"), target: "/etc/nginx/conf.d", readOnly: true },
          {
            type: "volume",
            source: "shop_cache",
            target: "/var/cache/nginx",
            volumeOptions: {
              noCopy: true,
              labels: { "com.example.cache": "yes", [NS]: "shop" },
              driverConfig: { name: "local", options: { type: "tmpfs", device: "tmpfs" } },
            },
          },
          { type: "bind", source: "/var/log/web", target: "/var/log/nginx", bindOptions: { propagation: "rslave" } },
          { type: "tmpfs", target: "/run", tmpfsOptions: { sizeBytes: 67108864 } },
          { type: "volume", source: "shared", target: "/shared" },
          { type: "volume", source: "data-v2", target: "/data", volumeOptions: { labels: { [NS]: "shop" } } },
          { type: "volume", target: "/scratch" },
          { type: "tmpfs", target: "/tmp", tmpfsOptions: { sizeBytes: 64 * 1024 * 1024, mode: 0o1777 } },
        ],
        secrets: [
          { secretKey: "api_key", fileName: "api.key", uid: "1000", gid: "1000", mode: 0o400 },
          { secretKey: "db_password", fileName: "db_password", uid: "0", gid: "0", mode: 0o444 },
        ],
        configs: [
          { configKey: "motd", fileName: "motd", uid: "0", gid: "0", mode: 0o444 },
          { configKey: "nginx_conf", fileName: "/etc/nginx/nginx.conf", uid: "0", gid: "0", mode: 0o440 },
        ],
        networks: [
          { networkKey: "backend", aliases: ["web"] },
          { networkKey: "frontend", aliases: ["www", "web"] },
        ],
        endpoint: {
          mode: "vip",
          ports: [
            { targetPort: 8080, publishedPort: 80, protocol: "tcp", publishMode: "ingress" },
            { targetPort: 8443, publishedPort: 443, protocol: "tcp", publishMode: "host" },
            { targetPort: 9000, publishedPort: 9000, protocol: "udp", publishMode: "ingress" },
            { targetPort: 9001, publishedPort: 9001, protocol: "udp", publishMode: "ingress" },
          ],
        },
        mode: "replicated",
        replicas: 3,
        resources: {
          limits: { cpus: 0.5, memory: 256 * 1024 * 1024, pids: 100 },
          reservations: { cpus: 0.25, memory: 128 * 1024 * 1024, genericResources: [{ kind: "ssd", value: 2 }] },
        },
        restartPolicy: { condition: "on-failure", delay: "5s", maxAttempts: 3, window: "2m" },
        placement: {
          constraints: ["node.role==worker", "node.labels.zone!=c"],
          preferences: [{ spread: "node.labels.zone" }],
          maxReplicas: 2,
        },
        updateConfig: { parallelism: 1, delay: "10s", order: "start-first" },
        rollbackConfig: { parallelism: 2, failureAction: "pause", monitor: "5s", maxFailureRatio: 0.2 },
        logDriver: { name: "json-file", options: { "max-size": "10m", "max-file": "3" } },
      },
    });
  });

  it("plans a global service, a replicated job and a global job", () => {
    expect(p.services.worker.args).toEqual({
      name: "shop_worker",
      labels: { [NS]: "shop", [IMAGE]: "busybox:1.36" },
      image: "busybox:1.36",
      args: ["sh", "-c", 'echo "$HOSTNAME working"; sleep 3600'],
      env: ["BATCH=10", "QUEUE=jobs"],
      containerLabels: { [NS]: "shop" },
      healthcheck: { disable: true },
      networks: [{ networkKey: "backend", aliases: ["worker"] }],
      endpoint: { mode: "vip" },
      mode: "global",
      restartPolicy: { condition: "any" },
      logDriver: { name: "json-file", options: { "max-size": "10m", "max-file": "3" } },
    });
    expect(p.services.migrate.args).toEqual({
      name: "shop_migrate",
      labels: { [NS]: "shop", [IMAGE]: "busybox:1.36" },
      image: "busybox:1.36",
      args: ["true"],
      containerLabels: { [NS]: "shop" },
      networks: [{ networkKey: "default", aliases: ["migrate"] }],
      endpoint: { mode: "vip" },
      mode: "replicated-job",
      maxConcurrent: 2,
      totalCompletions: 2,
    });
    expect(p.services.cleanup.args).toEqual({
      name: "shop_cleanup",
      labels: { [NS]: "shop", [IMAGE]: "busybox:1.36" },
      image: "busybox:1.36",
      containerLabels: { [NS]: "shop" },
      networks: [{ networkKey: "default", aliases: ["cleanup"] }],
      endpoint: { mode: "vip" },
      mode: "global-job",
      logDriver: { name: "none" },
    });
  });

  it("plans the networks services use, default included, and not the unused external one", () => {
    expect(p.networks).toEqual({
      backend: { name: "shop_backend", external: false, driver: "overlay", internal: true, labels: { [NS]: "shop" } },
      default: { name: "shop_default", external: false, driver: "overlay", labels: { [NS]: "shop" } },
      frontend: {
        name: "shop_frontend",
        external: false,
        driver: "overlay",
        driverOpts: { encrypted: "" },
        attachable: true,
        ipam: { driver: "default", config: [{ subnet: "10.10.0.0/24" }] },
        labels: { "com.example.net": "front", [NS]: "shop" },
      },
    });
  });

  it("plans secrets and configs with their sources, names and labels", () => {
    expect(p.secrets).toEqual({
      db_password: { name: "shop_db_password", external: false, source: { file: path.join(DIR, "secrets/db_password.txt") }, labels: { [NS]: "shop" } },
      api_key: { name: "shop_api_key", external: false, source: { environment: "API_KEY", value: "k3y" }, labels: { [NS]: "shop" } },
      registry_cert: { name: "corp-registry-cert", external: true },
    });
    expect(p.configs).toEqual({
      nginx_conf: {
        name: "shop_nginx_conf",
        external: false,
        source: { file: path.join(DIR, "nginx.conf") },
        labels: { "com.example.cfg": "nginx", [NS]: "shop" },
        templateDriver: "golang",
      },
      motd: { name: "shop_motd", external: false, source: { content: "Welcome to the shop" }, labels: { [NS]: "shop" } },
      ext_cfg: { name: "ext_cfg", external: true },
    });
  });

  it("plans the top-level volumes as the mounts name them", () => {
    expect(p.volumes).toEqual({
      static: { name: "shop_static", external: false, labels: { [NS]: "shop" } },
      cache: { name: "shop_cache", external: false, driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs" }, labels: { "com.example.cache": "yes", [NS]: "shop" } },
      shared: { name: "shared", external: true },
      named: { name: "data-v2", external: false, labels: { [NS]: "shop" } },
    });
  });

  it("resolves references to the planned names", () => {
    const web = resolveReferences(p.services.web, p);
    expect(web.secrets).toEqual([
      { secretName: "shop_api_key", fileName: "api.key", uid: "1000", gid: "1000", mode: 0o400 },
      { secretName: "shop_db_password", fileName: "db_password", uid: "0", gid: "0", mode: 0o444 },
    ]);
    expect(web.configs).toEqual([
      { configName: "shop_motd", fileName: "motd", uid: "0", gid: "0", mode: 0o444 },
      { configName: "shop_nginx_conf", fileName: "/etc/nginx/nginx.conf", uid: "0", gid: "0", mode: 0o440 },
    ]);
    expect(web.networks).toEqual([
      { target: "shop_backend", aliases: ["web"] },
      { target: "shop_frontend", aliases: ["www", "web"] },
    ]);
    // The plan itself keeps its symbolic references.
    expect((p.services.web.args.secrets as Array<{ secretKey: string }>)[0].secretKey).toBe("api_key");
  });

  it.each(["web", "worker", "migrate", "cleanup"])("%s's inputs pass the real SwarmService schema", (key) => {
    const r = validate(serviceInputs, resolveReferences(p.services[key], p));
    expect(r.failures).toEqual([]);
    expect(r.value).toMatchObject({ name: `shop_${key}`, image: p.services[key].args.image });
  });

  it("is deterministic, and a reordered list changes nothing", () => {
    expect(planStack(loadFull().project, { namespace: "shop" })).toEqual(p);
    const a = plan("services:\n  s: { image: nginx, secrets: [b, a], configs: [y, x] }\nsecrets: { a: { external: true }, b: { external: true } }\nconfigs: { x: { external: true }, y: { external: true } }");
    const b = plan("services:\n  s: { image: nginx, secrets: [a, b], configs: [x, y] }\nsecrets: { a: { external: true }, b: { external: true } }\nconfigs: { x: { external: true }, y: { external: true } }");
    expect(a.services.s.args).toEqual(b.services.s.args);
  });
});

describe("defaults and special cases docker stack deploy has", () => {
  it("gives a replicated service without replicas 1, and attaches it to <ns>_default with its key as alias", () => {
    expect(plan("services:\n  api: { image: nginx }").services.api.args).toEqual({
      name: "st_api",
      labels: { [NS]: "st", [IMAGE]: "nginx" },
      image: "nginx",
      containerLabels: { [NS]: "st" },
      networks: [{ networkKey: "default", aliases: ["api"] }],
      endpoint: { mode: "vip" },
      mode: "replicated",
      replicas: 1,
    });
  });

  it("uses a declared default network's settings, and gives no alias on a network that is not user-defined", () => {
    const p = plan("services:\n  a: { image: nginx }\n  b: { image: nginx, networks: [hostnet] }\nnetworks:\n  default: { external: true, name: shared-net }\n  hostnet: { external: true, name: host }");
    expect(p.networks).toEqual({ default: { name: "shared-net", external: true }, hostnet: { name: "host", external: true } });
    expect(p.services.a.args.networks).toEqual([{ networkKey: "default", aliases: ["a"] }]);
    expect(p.services.b.args.networks).toEqual([{ networkKey: "hostnet" }]);
  });

  it("orders ports as the CLI does (published, target, protocol, mode) and keeps long-syntax defaults to the Engine", () => {
    const p = plan("services:\n  a:\n    image: nginx\n    ports: ['9090:90', { target: 80 }, { target: 81, published: 8081 }, '53:53/udp', '53:53']");
    expect((p.services.a.args.endpoint as { ports: unknown }).ports).toEqual([
      { targetPort: 80 },
      { targetPort: 53, publishedPort: 53, protocol: "tcp", publishMode: "ingress" },
      { targetPort: 53, publishedPort: 53, protocol: "udp", publishMode: "ingress" },
      { targetPort: 81, publishedPort: 8081 },
      { targetPort: 90, publishedPort: 9090, protocol: "tcp", publishMode: "ingress" },
    ]);
  });

  it("normalises capabilities as the CLI: prefix, upper case, ALL wins, an added one is not dropped", () => {
    const args = plan("services:\n  a: { image: nginx, cap_add: [all, chown], cap_drop: [chown, NET_RAW, net_raw] }").services.a.args;
    expect(args.capabilityAdd).toEqual(["ALL"]);
    expect(args.capabilityDrop).toEqual(["CAP_CHOWN", "CAP_NET_RAW"]);
    const args2 = plan("services:\n  a: { image: nginx, cap_add: [chown], cap_drop: [CHOWN, all] }").services.a.args;
    expect(args2.capabilityAdd).toEqual(["CAP_CHOWN"]);
    expect(args2.capabilityDrop).toEqual(["ALL"]);
  });

  it("maps a credential spec's config to a runtime config of the stack and the privileges", () => {
    const p = plan("services:\n  win:\n    image: app\n    credential_spec: { config: gmsa }\nconfigs:\n  gmsa: { file: ./gmsa.json }");
    expect(p.services.win.args.configs).toEqual([{ configKey: "gmsa", runtime: true }]);
    expect(p.services.win.args.privileges).toEqual({ credentialSpec: { config: "st_gmsa" } });
    expect(validate(serviceInputs, resolveReferences(p.services.win, p)).failures).toEqual([]);
    expect(plan("services:\n  win: { image: app, credential_spec: { registry: r } }").services.win.args.privileges).toEqual({ credentialSpec: { registry: "r" } });
  });

  it("keeps user aliases, service-network driver options, and an explicit init: false", () => {
    const p = plan("services:\n  a:\n    image: nginx\n    init: false\n    networks:\n      n: { aliases: [x], driver_opts: { mtu: 1400 } }\nnetworks:\n  n: { name: custom }");
    expect(p.services.a.args.networks).toEqual([{ networkKey: "n", aliases: ["x", "a"], driverOpts: { mtu: "1400" } }]);
    expect(p.services.a.args.init).toBe(false);
    expect(p.networks.n).toEqual({ name: "custom", external: false, driver: "overlay", labels: { [NS]: "st" } });
  });

  it("sends a secret driver's options and no data source", () => {
    const p = plan("services: {}\nsecrets:\n  vault: { driver: vault-driver, driver_opts: { path: /kv/x }, labels: [team=a] }");
    expect(p.secrets.vault).toEqual({ name: "st_vault", external: false, labels: { team: "a", [NS]: "st" }, driver: "vault-driver", driverOpts: { path: "/kv/x" } });
  });

  it("maps a volume's subpath, a long-syntax tmpfs mode and size string, and leaves zero limits out", () => {
    const p = plan(
      [
        "services:",
        "  a:",
        "    image: nginx",
        "    volumes:",
        "      - { type: volume, source: data, target: /d, volume: { subpath: sub/dir } }",
        "      - { type: tmpfs, target: /t, tmpfs: { size: 64m, mode: 01777 } }",
        "    deploy: { resources: { limits: { cpus: '0', memory: '0', pids: 0 }, reservations: { cpus: '1/2' } } }",
        "volumes:",
        "  data: { driver_opts: { type: nfs } }",
      ].join("\n"),
    );
    expect(p.services.a.args.mounts).toEqual([
      { type: "volume", source: "st_data", target: "/d", volumeOptions: { subpath: "sub/dir", labels: { [NS]: "st" }, driverConfig: { options: { type: "nfs" } } } },
      { type: "tmpfs", target: "/t", tmpfsOptions: { sizeBytes: 64 * 1024 * 1024, mode: 0o1777 } },
    ]);
    expect(p.services.a.args.resources).toEqual({ reservations: { cpus: 0.5 } });
  });

  it("refuses an empty stack name, as the CLI", () => {
    expect(planIssues("services: {}", ' "" ')).toEqual([{ path: "(namespace)", message: 'invalid stack name: " \\"\\" "' }]);
  });
});

describe("what SwarmService would refuse fails at plan time, named by its Compose key", () => {
  it.each([
    ["extra_hosts: ['gw:host-gateway']", "services.a.extra_hosts", /^SwarmService would refuse it \(input hosts\[0\]\): must be "IP hostname/],
    ["deploy: { placement: { constraints: ['node=foo'] } }", "services.a.deploy.placement", /^SwarmService would refuse it \(input placement\.constraints\[0\]\): must compare with "==" or "!="/],
    ["deploy: { mode: replicated-job, update_config: { parallelism: 2 } }", "services.a.deploy.update_config", /jobs cannot have an update config/],
    ["secrets: [{ source: s, uid: www-data }]", "services.a.secrets", /input secrets\[0\]\.uid\): must be a numeric ID/],
    ["deploy: { endpoint_mode: dnsrr }\nports: ['80:80']", "services.a.ports", /must be "host" with endpoint mode "dnsrr"/],
    ["volumes: ['/x:/same', '/y:/same']", "services.a.volumes", /"\/same" is already mounted by mounts\[0\]/],
  ])("%s → %s", (body, where, message) => {
    const issues = planIssues(`services:\n  a:\n    image: nginx\n${body.replace(/^/gm, "    ")}\nsecrets:\n  s: { external: true }`);
    expect(issues).toEqual([{ path: where, message: expect.stringMatching(message) }]);
  });

  it("says the stack cannot be deployed under that name when the service name is too long", () => {
    let error: ComposeError | undefined;
    try {
      plan(`services:\n  ${"s".repeat(60)}: { image: nginx }`, "stack");
    } catch (e) {
      error = e as ComposeError;
    }
    expect(error?.message).toMatch(/^the Compose file cannot be deployed as stack "stack" \(1 problem\):\n  services\.s{60}: SwarmService would refuse it \(input name\): must be at most 63 characters/);
  });
});
