/**
 * loadCompose: YAML as the docker CLI reads it, interpolation, strict validation with every problem
 * named at its path, the keys docker stack deploy ignores (each warned), env_file, and paths.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ComposeError, loadCompose, type LoadComposeOptions } from "../../provider/stack/compose";

const FIXTURES = path.join(__dirname, "../fixtures/compose");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

const opts = (extra: Partial<LoadComposeOptions> = {}): LoadComposeOptions => ({ workingDir: "/srv/app", ...extra });

/** The issues of the ComposeError that loading throws (and a failure if it does not throw). */
function issuesOf(text: string, o: LoadComposeOptions = opts()) {
  try {
    loadCompose(text, o);
  } catch (e) {
    expect(e).toBeInstanceOf(ComposeError);
    return (e as ComposeError).issues;
  }
  throw new Error("expected loadCompose to fail");
}

const service = (body: string) => `services:\n  web:\n    image: nginx:1.27\n${body.replace(/^/gm, "    ")}\n`;

describe("YAML as go-yaml reads it", () => {
  it("resolves anchors and merge keys, the file's own keys winning", () => {
    const { project } = loadCompose(
      [
        "x-base: &base",
        "  image: busybox:1.36",
        "  environment: { A: from-anchor, B: from-anchor }",
        "  labels: [tier=base]",
        "x-more: &more",
        "  stop_signal: SIGINT",
        "services:",
        "  one:",
        "    <<: [*base, *more]",
        "    environment: { B: own }",
        "  two:",
        "    <<: *base",
        "    image: busybox:1.37",
      ].join("\n"),
      opts(),
    );
    expect(project.services.one.image).toBe("busybox:1.36");
    expect(project.services.one.environment).toEqual({ B: "own" });
    expect(project.services.one.stop_signal).toBe("SIGINT");
    expect(project.services.one.labels).toEqual({ tier: "base" });
    expect(project.services.two.image).toBe("busybox:1.37");
    expect(project.services.two.environment).toEqual({ A: "from-anchor", B: "from-anchor" });
    expect(project.extensions).toEqual({
      "x-base": { image: "busybox:1.36", environment: { A: "from-anchor", B: "from-anchor" }, labels: ["tier=base"] },
      "x-more": { stop_signal: "SIGINT" },
    });
  });

  it("reads 0440 as octal (secret modes rely on it) and 0o440 too", () => {
    const { project } = loadCompose(
      "services:\n  web:\n    image: nginx\n    secrets: [{ source: a, mode: 0440 }, { source: a, mode: 0o600 }, { source: a, mode: 292 }]\nsecrets:\n  a: { external: true }\n",
      opts(),
    );
    expect(project.services.web.secrets.map((s) => s.mode)).toEqual([0o440, 0o600, 292]);
  });

  it("keeps yes/no as strings, so a boolean key refuses them with a hint", () => {
    expect(issuesOf(service("read_only: yes\ntty: on"))).toEqual([
      { path: "services.web.read_only", message: 'expected a boolean ("yes" is a string in Compose files: write true or false)' },
      { path: "services.web.tty", message: 'expected a boolean ("on" is a string in Compose files: write true or false)' },
    ]);
  });

  it("refuses duplicate keys, broken YAML and a top level that is not a mapping", () => {
    expect(issuesOf("services:\n  web:\n    image: a\n    image: b\n")).toEqual([
      { path: "line 4, column 5", message: expect.stringMatching(/^YAML: Map keys must be unique/) },
    ]);
    expect(issuesOf("services: [unclosed\n")[0].message).toMatch(/^YAML: /);
    expect(issuesOf("- a list\n")).toEqual([{ path: "(file)", message: "the top level of a Compose file must be a mapping" }]);
    expect(issuesOf("")).toEqual([{ path: "(file)", message: "the top level of a Compose file must be a mapping" }]);
  });
});

describe("interpolation", () => {
  const text = [
    "services:",
    "  web:",
    "    image: nginx${TAG}",
    "    environment:",
    "      GREETING: 'hello $${USER}, from ${WHO:-nobody}'",
    "    deploy:",
    "      replicas: ${REPLICAS}",
    "      update_config: { max_failure_ratio: '${RATIO}' }",
    "    read_only: ${READ_ONLY}",
    "    ports: [{ target: '${PORT}' }]",
    "x-note: ${NOTE-no note}",
  ].join("\n");

  it("takes variables first, then the environment only when asked, and converts where the CLI does", () => {
    const { project, warnings } = loadCompose(
      text,
      opts({
        variables: { TAG: ":1.27", REPLICAS: "3", RATIO: "0.25", READ_ONLY: "Yes", PORT: "8080" },
        environment: { TAG: "from-env", WHO: "env-user", NOTE: "env note" },
        useEnvironment: true,
      }),
    );
    const web = project.services.web;
    expect(web.image).toBe("nginx:1.27");
    expect(web.environment).toEqual({ GREETING: "hello ${USER}, from env-user" });
    expect(web.deploy.replicas).toBe(3);
    expect(web.deploy.update_config).toEqual({ max_failure_ratio: 0.25 });
    expect(web.read_only).toBe(true);
    expect(web.ports).toEqual([{ target: 8080, published: 0, protocol: "", mode: "" }]);
    expect(project.extensions).toEqual({ "x-note": "env note" });
    expect(warnings).toEqual([]);
  });

  it("ignores the environment unless useEnvironment, and warns about each variable left empty", () => {
    const { project, warnings } = loadCompose(
      text,
      opts({ variables: { REPLICAS: "1", RATIO: "0", READ_ONLY: "false", PORT: "80" }, environment: { TAG: "1.27", NOTE: "n" } }),
    );
    expect(project.services.web.image).toBe("nginx");
    expect(project.services.web.environment.GREETING).toBe("hello ${USER}, from nobody");
    expect(project.extensions["x-note"]).toBe("no note");
    expect(warnings).toEqual(["services.web.image: variable TAG is not set: substituting an empty string"]);
  });

  it("fails on a required variable, a value that does not convert and a stray $, naming each path", () => {
    const issues = issuesOf(
      [
        "services:",
        "  web:",
        "    image: nginx:${TAG:?give the image tag}",
        "    deploy: { replicas: '${REPLICAS}' }",
        "    read_only: ${READ_ONLY}",
        "    command: echo 5$",
        "    environment: [\"DB=${DB?}\"]",
      ].join("\n"),
      opts({ variables: { REPLICAS: "three", READ_ONLY: "maybe" } }),
    );
    expect(issues).toEqual([
      { path: "services.web.image", message: "required variable TAG is missing a value: give the image tag" },
      { path: "services.web.deploy.replicas", message: 'expected a whole number after interpolation, got "three"' },
      { path: "services.web.read_only", message: 'expected a boolean (true/false, yes/no, on/off) after interpolation, got "maybe"' },
      { path: "services.web.command", message: 'invalid interpolation format in "echo 5$": you may need to escape any $ with another $' },
      { path: "services.web.environment[0]", message: "required variable DB is missing a value" },
    ]);
  });

  it("does not look a variable up the prototype chain", () => {
    const { warnings } = loadCompose(service("hostname: h${constructor}"), opts({ variables: {}, environment: {}, useEnvironment: true }));
    expect(warnings).toEqual(["services.web.hostname: variable constructor is not set: substituting an empty string"]);
  });

  it("warns that $VAR-text reads as ${VAR-text}", () => {
    const { project, warnings } = loadCompose(service("hostname: $NAME-1"), opts({ variables: { NAME: "web" } }));
    expect(project.services.web.hostname).toBe("web");
    expect(warnings).toEqual([
      'services.web.hostname: "$NAME-1" is read as "${NAME-1}" (docker stack deploy reads it so too); write "${NAME}-1" if you meant the variable followed by text',
    ]);
  });
});

describe("validation: every problem, each at its path", () => {
  it("reports all the mistakes of a file at once, in one ComposeError", () => {
    let error: ComposeError | undefined;
    try {
      loadCompose(fixture("bad.yml"), opts());
    } catch (e) {
      error = e as ComposeError;
    }
    expect(error).toBeInstanceOf(ComposeError);
    expect(error!.issues).toEqual([
      { path: "services.web.mem_limit", message: "not supported by docker stack deploy: Set resource limits using deploy.resources" },
      { path: "services.web.environment.DB_URL", message: "required variable DB_URL is missing a value: set DB_URL to the database's URL" },
      { path: "services.web.deploy.replicas", message: "expected a number" },
      { path: "services.web.deploy.resources.limits.memory", message: '"lots" is not a size (use bytes or forms like "512M", "1.5G")' },
      { path: "services.web.deploy.replicaz", message: "unknown property" },
      { path: "services.web.ports[0].publishd", message: "unknown property" },
      { path: "services.web.read_only", message: 'expected a boolean ("yes" is a string in Compose files: write true or false)' },
      { path: "services.bad name!", message: "names may contain only letters, digits, '.', '_' and '-'" },
      { path: "networks.front.labels", message: "expected a mapping or a list of strings" },
      { path: "unknown_top", message: "unknown property" },
    ]);
    expect(error!.message).toBe(
      [
        "the Compose file is not valid (10 problems):",
        ...error!.issues.map((i) => `  ${i.path}: ${i.message}`),
      ].join("\n"),
    );
    expect(error!.message).toContain("\n  services.web.deploy.replicaz: unknown property\n");
  });

  it.each([
    ["deploy: { replicas: '3' }", "services.web.deploy.replicas", "expected a number"],
    ["deploy: { replicas: 1.5 }", "services.web.deploy.replicas", "expected a whole number"],
    ["deploy: { x-custom: 1 }", "services.web.deploy.x-custom", "unknown property"],
    ["deploy: { resources: { limits: { cpus: 0.5 } } }", "services.web.deploy.resources.limits.cpus", "expected a string"],
    ["deploy: { update_config: { order: random } }", "services.web.deploy.update_config.order", 'must be one of "start-first", "stop-first"'],
    ["ports: [80, 80]", "services.web.ports[1]", "duplicate entry 80"],
    ["ports: [{ target: 80, published: 8080, host_ip: 1.2.3.4 }]", "services.web.ports[0].host_ip", "unknown property"],
    ["command: { run: x }", "services.web.command", "expected a string or a list of strings"],
    ["command: \"echo 'unclosed\"", "services.web.command", "a quote (') is not closed"],
    ["environment: { ON: true }", "services.web.environment.ON", "expected a string, a number or null"],
    ["networks: { front: { alias: [x] } }", "services.web.networks.front.alias", "unknown property"],
    ["healthcheck: { interval: 10 parsecs }", "services.web.healthcheck.interval", '"10 parsecs" is not a duration (use forms like "300ms", "5s", "1h30m")'],
    ["ulimits: { NOFILE: 10 }", "services.web.ulimits.NOFILE", "ulimit names are lower-case letters, such as nofile"],
    ["ulimits: { nofile: { soft: 10 } }", "services.web.ulimits.nofile.hard", "is required"],
    ["volumes: [{ source: data, target: /data }]", "services.web.volumes[0].type", "is required"],
    ["volumes: [{ type: volume, target: /d, volume: { no_copy: true } }]", "services.web.volumes[0].volume.no_copy", "unknown property"],
    ["secrets: [{ source: s, mode: '0400' }]", "services.web.secrets[0].mode", "expected a number"],
    ["stop_grace_period: 10", "services.web.stop_grace_period", "expected a string"],
    ["platform: linux/amd64", "services.web.platform", "unknown property"],
  ])("%s → %s: %s", (body, where, message) => {
    expect(issuesOf(service(body))).toEqual([{ path: where, message }]);
  });

  it("allows x- extensions where the format does, nowhere else", () => {
    const ok = [
      "x-top: 1",
      "services:",
      "  web: { image: nginx, x-svc: 1 }",
      "networks:",
      "  n: { x-net: 1 }",
      "volumes:",
      "  v: { x-vol: 1 }",
      "secrets:",
      "  s: { external: true, x-sec: 1 }",
      "configs:",
      "  c: { external: true, x-cfg: 1 }",
    ].join("\n");
    expect(loadCompose(ok, opts()).project.extensions).toEqual({ "x-top": 1 });
    expect(issuesOf(service("logging: { driver: none, x-log: 1 }"))).toEqual([{ path: "services.web.logging.x-log", message: "unknown property" }]);
  });

  it("explains a top-level name (a Compose Specification key the CLI refuses)", () => {
    expect(issuesOf("name: shop\nservices: { web: { image: nginx } }")).toEqual([
      { path: "name", message: "unknown property (docker stack deploy has no project name: the stack's namespace names it)" },
    ]);
  });

  it("reads only version 3 files, and wants the version as a string", () => {
    expect(loadCompose("version: '3'\nservices: {}", opts()).project.version).toBe("3.13");
    expect(loadCompose("services: {}", opts()).project.version).toBe("3.13");
    expect(loadCompose("version: '3.8'\nservices: {}", opts()).project.version).toBe("3.8");
    expect(issuesOf("version: '2.4'\nservices: {}")).toEqual([
      { path: "version", message: "unsupported Compose file version: 2.4 (docker stack deploy reads versions 3.0 to 3.13)" },
    ]);
    expect(issuesOf("version: 3.8\nservices: {}")).toEqual([{ path: "version", message: "expected a string" }]);
  });

  it("refuses the keys the CLI refuses, with its reasons", () => {
    expect(issuesOf(service("extends: base\nvolumes_from: [db]\ncpu_shares: 73"))).toEqual([
      { path: "services.web.extends", message: "not supported by docker stack deploy: Support for `extends` is not implemented yet." },
      {
        path: "services.web.volumes_from",
        message:
          "not supported by docker stack deploy: To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.",
      },
      { path: "services.web.cpu_shares", message: "not supported by docker stack deploy: Set resource limits using deploy.resources" },
    ]);
  });

  it("checks what the CLI checks after the schema: references, modes, images, conflicts", () => {
    const issues = issuesOf(
      [
        "services:",
        "  web:",
        "    image: Nginx",
        "    networks: [nowhere]",
        "    volumes: ['missing:/data', { type: tmpfs, source: x, target: /t }, { type: bind, target: /b }, { type: image, source: x, target: /i }]",
        "    secrets: [nope]",
        "    configs: [{ target: /etc/x }]",
        "    deploy: { mode: global, replicas: 2, endpoint_mode: round-robin, restart_policy: { condition: always } }",
        "    healthcheck: { disable: true, test: [CMD, 'true'] }",
        "    ports: [{ published: 80 }]",
        "  nobuild:",
        "    build: .",
        "volumes:",
        "  ext: { external: true, driver: local }",
        "secrets:",
        "  both: { file: ./a, environment: A }",
        "  none: { labels: [a=b] }",
        "configs:",
        "  renamed: { name: new, external: { name: old } }",
      ].join("\n"),
    );
    expect(issues).toEqual([
      { path: "volumes.ext.driver", message: 'conflicting parameters "external" and "driver" specified for volume "ext"' },
      { path: "secrets.both.environment", message: "give only one of file, environment" },
      { path: "secrets.none", message: "has no data: give file, environment or driver, or external: true for an existing secret" },
      { path: "configs.renamed.external.name", message: "config renamed: config.external.name and config.name conflict; only use config.name" },
      { path: "services.web.image", message: "invalid reference format: repository name (Nginx) must be lowercase" },
      { path: "services.web.deploy.replicas", message: "replicas can only be used with replicated or replicated-job mode" },
      { path: "services.web.deploy.endpoint_mode", message: 'unknown endpoint mode "round-robin" (use "vip" or "dnsrr")' },
      { path: "services.web.deploy.restart_policy.condition", message: 'unknown condition "always" (use "none", "on-failure" or "any")' },
      { path: "services.web.healthcheck.test", message: "test and disable can't be set at the same time" },
      { path: "services.web.ports[0].target", message: "is required" },
      { path: "services.web.networks[0]", message: 'undefined network "nowhere" (declare it under the top-level networks)' },
      { path: "services.web.secrets[0]", message: 'undefined secret "nope" (declare it under the top-level secrets)' },
      { path: "services.web.configs[0].source", message: "is required" },
      { path: "services.web.volumes[0]", message: 'undefined volume "missing" (declare it under the top-level volumes)' },
      { path: "services.web.volumes[1].source", message: "invalid tmpfs source, source must be empty" },
      { path: "services.web.volumes[2].source", message: 'invalid mount config for type "bind": field Source must not be empty' },
      {
        path: "services.web.volumes[3].type",
        message: "image mounts are not supported: SwarmService has no image mount type (it manages mounts up to Engine API 1.45, without cluster volumes)",
      },
      { path: "services.nobuild.image", message: "is required: docker stack deploy runs an image (it does not build one)" },
    ]);
  });
});

describe("keys docker stack deploy ignores", () => {
  it("warns about each one, naming its path, and applies none of them", () => {
    const { project, warnings } = loadCompose(fixture("ignored.yml"), opts());
    const unsupported = ["build", "cgroupns_mode", "cgroup_parent", "devices", "domainname", "external_links", "ipc", "links", "mac_address", "network_mode", "pid", "privileged", "security_opt", "shm_size", "userns_mode"];
    expect(warnings).toEqual([
      ...unsupported.map((k) => `services.app.${k}: ignored: docker stack deploy does not support it ("Ignoring unsupported options")`),
      "services.app.container_name: ignored: Setting the container name is not supported.",
      "services.app.expose: ignored: Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
      "services.app.depends_on: ignored: swarm starts services in no particular order (docker stack deploy ignores it without a warning)",
      "services.app.oom_score_adj: not supported: SwarmService has no input for it yet (ContainerSpec.OomScoreAdj needs Engine API 1.46; this package goes up to 1.45), so it is not applied",
      "volumes.csi.x-cluster-spec: ignored: cluster (CSI) volumes are not supported (docker stack deploy does not create them either)",
      "services.app.restart: used as the restart policy (condition on-failure, max_attempts 5), as docker stack deploy does when deploy.restart_policy is absent; prefer deploy.restart_policy",
      "services.db.networks.backend.ipv4_address: ignored: swarm services get their addresses from the network (docker stack deploy ignores it too)",
      "services.db.volumes[0].consistency: ignored: it only matters to Docker Desktop, and SwarmService has no input for it",
      "services.db.volumes[0].bind.create_host_path: ignored (docker stack deploy ignores it too)",
      'services.db.volumes[1]: option "z" ignored (docker stack deploy ignores it too)',
      "networks.unused: not used by any service: not created (as docker stack deploy)",
    ]);
    // `restart` is the one the CLI does apply, when deploy.restart_policy is absent.
    expect(project.services.app.deploy.restart_policy).toEqual({ condition: "on-failure", max_attempts: 5 });
  });

  it.each([
    ["always", { condition: "any" }],
    ["unless-stopped", { condition: "any" }],
    ["on-failure", { condition: "on-failure" }],
    ["no", undefined],
  ])("restart: %s → restart policy %j", (restart, policy) => {
    expect(loadCompose(service(`restart: ${restart}`), opts()).project.services.web.deploy.restart_policy).toEqual(policy);
  });

  it("refuses a restart value the CLI refuses", () => {
    expect(issuesOf(service("restart: sometimes"))).toEqual([
      { path: "services.web.restart", message: "invalid restart policy: unknown policy 'sometimes' (must be one of 'no', 'always', 'on-failure', or 'unless-stopped')" },
    ]);
    expect(issuesOf(service("restart: on-failure:x"))).toEqual([
      { path: "services.web.restart", message: "invalid restart policy format: maximum retry count must be an integer" },
    ]);
  });
});

describe("env_file", () => {
  const files: Record<string, string> = {
    "/srv/app/base.env": "A=from-base\nB=from-base\nEMPTY=\nBARE\n",
    "/srv/app/conf/over.env": "B=from-over\n",
  };
  const readFile = (p: string) => {
    if (p in files) return files[p];
    throw new Error(`ENOENT: no such file or directory, open '${p}'`);
  };

  it("reads the files in order relative to the working dir; environment wins; empty values come from variables", () => {
    const { project, warnings } = loadCompose(
      service("env_file: [base.env, ./conf/over.env]\nenvironment: [C=own, A]"),
      opts({ readFile, variables: { EMPTY: "var", BARE: "bare var" } }),
    );
    // A bare `A` in environment overrides the file's A with "no value", as in the CLI.
    expect(project.services.web.environment).toEqual({ B: "from-over", EMPTY: "var", BARE: "bare var", C: "own" });
    expect(project.services.web).not.toHaveProperty("env_file");
    expect(warnings).toEqual([expect.stringMatching(/^services\.web\.environment\.A: has no value and no variable A is set: left out/)]);
  });

  it("lets a bare environment name take the variable, or leaves it out with a warning", () => {
    const { project, warnings } = loadCompose(service("environment: [A, B]"), opts({ variables: { A: "a" } }));
    expect(project.services.web.environment).toEqual({ A: "a" });
    expect(warnings).toEqual([
      "services.web.environment.B: has no value and no variable B is set: left out (docker stack deploy would pass the bare name, which removes B from the image's environment; SwarmService cannot express that)",
    ]);
  });

  it("fails naming the file when it cannot be read or parsed, or when there is no readFile", () => {
    expect(issuesOf(service("env_file: missing.env"), opts({ readFile }))).toEqual([
      { path: "services.web.env_file", message: "cannot read /srv/app/missing.env: ENOENT: no such file or directory, open '/srv/app/missing.env'" },
    ]);
    expect(issuesOf(service("env_file: bad.env"), opts({ readFile: () => "GOOD=1\nBAD KEY=2\n" }))).toEqual([
      { path: "services.web.env_file", message: "invalid env file (/srv/app/bad.env): line 2: variable 'BAD KEY' contains whitespaces" },
    ]);
    expect(issuesOf(service("env_file: [a.env]"))).toEqual([{ path: "services.web.env_file", message: "cannot read /srv/app/a.env: loadCompose was given no readFile" }]);
  });
});

describe("paths", () => {
  it("makes bind sources, env files and secret/config files absolute against workingDir, expanding ~ with HOME", () => {
    const { project, warnings } = loadCompose(
      [
        "services:",
        "  web:",
        "    image: nginx",
        "    volumes: ['./site:/site', '../shared:/shared', '~/conf:/conf', { type: bind, source: conf.d, target: /etc/conf.d }, '/abs:/abs']",
        "secrets:",
        "  s: { file: ./secrets/s.txt }",
        "configs:",
        "  c: { file: /etc/app/c.conf }",
      ].join("\n"),
      opts({ variables: { HOME: "/home/deploy" } }),
    );
    expect(project.services.web.volumes.map((v) => v.source)).toEqual(["/srv/app/site", "/srv/shared", "/home/deploy/conf", "/srv/app/conf.d", "/abs"]);
    expect(project.secrets.s.source).toEqual({ file: "/srv/app/secrets/s.txt" });
    expect(project.configs.c.source).toEqual({ file: "/etc/app/c.conf" });
    expect(warnings).toEqual([]);
  });

  it("resolves a secret's environment source at load time and fails when it is not set", () => {
    const text = "services: {}\nsecrets:\n  token: { environment: TOKEN }\n";
    expect(loadCompose(text, opts({ variables: { TOKEN: "t0k" } })).project.secrets.token.source).toEqual({ environment: "TOKEN", value: "t0k" });
    expect(issuesOf(text)).toEqual([{ path: "secrets.token.environment", message: "variable TOKEN is not set" }]);
  });
});

describe("values changed on the way, each warned about", () => {
  it.each([
    ["ports: ['127.0.0.1:8080:80']", "services.web.ports[0]: the host IP 127.0.0.1 is ignored: a swarm service listens on every address (as docker stack deploy does)"],
    ["dns: [10.0.0.2, resolver.local]", 'services.web.dns[1]: "resolver.local" is not an IP address: left out (docker stack deploy drops it too)'],
    ["tmpfs: /run:size=1m,noexec,nosuid", 'services.web.tmpfs: options "noexec", "nosuid" ignored: a swarm tmpfs mount takes only size and mode (up to Engine API 1.45)'],
    ["logging: { options: { max-size: 1m } }", "services.web.logging.options: ignored: no logging driver is named, so the Engine's default driver is used with its own options"],
    ["extra_hosts: [no-separator]", 'services.web.extra_hosts[0]: ignored: not "host:IP" (docker stack deploy drops it too)'],
    ["volumes: [{ type: volume, target: /anon, volume: { nocopy: true } }]", "services.web.volumes[0]: volume options are ignored for an anonymous volume (as docker stack deploy does)"],
  ])("%s", (body, warning) => {
    expect(loadCompose(service(body), opts()).warnings).toEqual([warning]);
  });

  it("warns about keys of external objects, which are never created, and the deprecated external.name", () => {
    const { project, warnings } = loadCompose(
      [
        "services: {}",
        "networks:",
        "  n: { external: true, driver: overlay }",
        "volumes:",
        "  v: { external: { name: old-volume } }",
        "secrets:",
        "  s: { external: true, file: ./s.txt }",
      ].join("\n"),
      opts(),
    );
    expect(warnings).toEqual([
      "networks.n.driver: ignored: the network is external (only referred to, never created)",
      "volumes.v.external.name: volume.external.name is deprecated in favor of volume.name",
      "secrets.s.file: ignored: the secret is external (only referred to, never created)",
      "networks.n: not used by any service: not created (as docker stack deploy)",
    ]);
    expect(project.volumes.v).toEqual({ name: "old-volume", external: true, labels: {} });
    expect(project.networks.n).toEqual({ name: "n", external: true, labels: {} });
  });

  it("reads the tmpfs key like docker run --tmpfs, and refuses what it cannot mount", () => {
    expect(loadCompose(service("tmpfs: [/a, '/b:size=2k,mode=0700']"), opts()).project.services.web.tmpfs).toEqual([
      { target: "/a" },
      { target: "/b", sizeBytes: 2048, mode: 0o700 },
    ]);
    expect(issuesOf(service("tmpfs: [relative, '/b:size=huge', '/c:mode=rwx']"))).toEqual([
      { path: "services.web.tmpfs[0]", message: '"relative" is not an absolute path inside the container' },
      { path: "services.web.tmpfs[1]", message: 'size: "huge" is not a size (use bytes or forms like "512M", "1.5G")' },
      { path: "services.web.tmpfs[2]", message: 'mode: "rwx" is not an octal file mode such as 1777' },
    ]);
  });
});
