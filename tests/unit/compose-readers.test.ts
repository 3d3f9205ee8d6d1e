/**
 * The small readers under loadCompose, each against what docker/cli does with the same input:
 * variable substitution (cli/compose/template), shell words (google/shlex), env files (pkg/kvfile),
 * short port syntax (go-connections nat + swarmopts) and short volume syntax (internal/volumespec).
 */
import { parseEnvFile } from "../../provider/stack/compose/parse-env-file";
import { parsePortSpec } from "../../provider/stack/compose/parse-port-spec";
import { parseCpus, parseRamSize } from "../../provider/stack/compose/parse-sizes";
import { parseVolumeSpec } from "../../provider/stack/compose/parse-volume-spec";
import { splitShellWords } from "../../provider/stack/compose/split-shell-words";
import { substituteVariables } from "../../provider/stack/compose/substitute-variables";
import { checkImageReference } from "../../provider/stack/compose/image-reference";

const vars: Record<string, string> = { SET: "value", EMPTY: "", lower_case: "lc", _U: "u" };
const lookup = (name: string) => (Object.hasOwn(vars, name) ? vars[name] : undefined);

describe("substituteVariables", () => {
  it.each([
    ["plain $SET and ${SET}", "plain value and value"],
    ["${lower_case}/${_U}", "lc/u"],
    ["cost: $$5 and $${SET}", "cost: $5 and ${SET}"],
    ["${UNSET:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${SET:-fallback}", "value"],
    ["${UNSET-fallback}", "fallback"],
    ["${EMPTY-fallback}", ""],
    ["${SET-fallback}", "value"],
    ["${UNSET:-}", ""],
    ["${EMPTY?not used}", ""],
    ["${SET:?not used}", "value"],
    ["${UNSET:-a:-b}", "a:-b"],
    ["no variables at all", "no variables at all"],
  ])("%j → %j", (template, expected) => {
    const r = substituteVariables(template, lookup);
    expect(r).toEqual({ value: expected, errors: [], unset: [], ambiguous: [] });
  });

  it("an unset variable without a default becomes empty and is reported", () => {
    expect(substituteVariables("a${UNSET}b$ALSO_UNSET", lookup)).toEqual({ value: "ab", errors: [], unset: ["UNSET", "ALSO_UNSET"], ambiguous: [] });
  });

  it.each([
    ["${UNSET:?set it in the stack config}", "required variable UNSET is missing a value: set it in the stack config"],
    ["${EMPTY:?must-not-be-empty}", "required variable EMPTY is missing a value: must-not-be-empty"],
    ["${UNSET?}", "required variable UNSET is missing a value"],
  ])("%j is an error: %s", (template, message) => {
    expect(substituteVariables(template, lookup).errors).toEqual([message]);
  });

  it.each(["price: 5$", "${SET", "${}", "$1", "${SET BAD}"])("a stray $ in %j is an error, as in the CLI", (template) => {
    const r = substituteVariables(template, lookup);
    expect(r.errors).toEqual([`invalid interpolation format in ${JSON.stringify(template)}: you may need to escape any $ with another $`]);
  });

  it("reads $VAR-text as ${VAR-text}, as the CLI's pattern does, and says so", () => {
    expect(substituteVariables("$SET-suffix", lookup)).toEqual({ value: "value", errors: [], unset: [], ambiguous: ["$SET-suffix"] });
    expect(substituteVariables("$UNSET-suffix", lookup).value).toBe("suffix");
  });
});

describe("splitShellWords", () => {
  it.each([
    ["nginx -g 'daemon off;'", ["nginx", "-g", "daemon off;"]],
    [`sh -c "echo \\"hi\\" \\$HOME"`, ["sh", "-c", 'echo "hi" $HOME']],
    ["a\\ b c", ["a b", "c"]],
    ["  spaced\tout \n words ", ["spaced", "out", "words"]],
    ["run # a comment\nnext", ["run", "next"]],
    ["not#comment", ["not#comment"]],
    ["empty '' \"\" words", ["empty", "", "", "words"]],
    ["mixed'quo'\"ted\"", ["mixedquoted"]],
    ["", []],
  ])("%j → %j", (text, words) => {
    expect(splitShellWords(text)).toEqual({ words });
  });

  it.each([
    ["echo 'open", "a quote (') is not closed"],
    ['echo "open', 'a quote (") is not closed'],
    ["echo \\", "the command ends with an escape character (\\)"],
  ])("%j fails: %s", (text, error) => {
    expect(splitShellWords(text)).toEqual({ error });
  });
});

describe("parseEnvFile", () => {
  const env = (name: string) => ({ FROM_ENV: "env value" })[name];

  it("keeps values as written, drops comments and blank lines, looks up bare names", () => {
    const text = '\uFEFF# comment\n\nA=1\n  B=two words  \nC="quoted"\nD=\nE=x=y\r\nFROM_ENV\nMISSING\n';
    expect(parseEnvFile(text, env)).toEqual({
      entries: [
        ["A", "1"],
        ["B", "two words  "],
        ["C", '"quoted"'],
        ["D", ""],
        ["E", "x=y"],
        ["FROM_ENV", "env value"],
      ],
    });
  });

  it.each([
    ["=value", "line 1: no variable name on line '=value'"],
    ["OK=1\nBAD KEY=1", "line 2: variable 'BAD KEY' contains whitespaces"],
  ])("%j fails: %s", (text, error) => {
    expect(parseEnvFile(text, env)).toEqual({ error });
  });
});

describe("parsePortSpec", () => {
  const ingress = (target: number, published: number, protocol = "tcp") => ({ target, published, protocol, mode: "ingress" });

  it.each([
    ["80", [ingress(80, 0)]],
    ["8080:80", [ingress(80, 8080)]],
    ["53:53/udp", [ingress(53, 53, "udp")]],
    ["5000/SCTP", [ingress(5000, 0, "sctp")]],
    ["3000-3002", [ingress(3000, 0), ingress(3001, 0), ingress(3002, 0)]],
    ["9090-9091:8080-8081", [ingress(8080, 9090), ingress(8081, 9091)]],
    ["8000-8002:80", [ingress(80, 8000), ingress(80, 8001), ingress(80, 8002)]],
    ["0.0.0.0:80:80", [ingress(80, 80)]],
  ])("%j → %j", (spec, ports) => {
    expect(parsePortSpec(spec)).toEqual({ ports });
  });

  it("drops a host IP, which a swarm service cannot honour, and says which", () => {
    expect(parsePortSpec("127.0.0.1:8001:8001")).toEqual({ ports: [ingress(8001, 8001)], droppedIp: "127.0.0.1" });
    expect(parsePortSpec("[::1]:8002:8002")).toEqual({ ports: [ingress(8002, 8002)], droppedIp: "::1" });
  });

  it.each([
    ["80/icmp", "invalid proto: icmp"],
    ["99999", "invalid containerPort: 99999"],
    ["x:80", "invalid hostPort: x"],
    ["8000-8001:80-82", "invalid ranges specified for container and host Ports: 80-82 and 8000-8001"],
    ["300.1.1.1:80:80", "invalid IP address: 300.1.1.1"],
    [":", "no port specified: :<empty>"],
  ])("%j fails: %s", (spec, error) => {
    expect(parsePortSpec(spec)).toEqual({ error });
  });
});

describe("parseVolumeSpec", () => {
  it.each([
    ["/data", { type: "volume", target: "/data" }],
    ["db:/var/lib/db", { type: "volume", source: "db", target: "/var/lib/db" }],
    ["./site:/usr/share/html:ro", { type: "bind", source: "./site", target: "/usr/share/html", read_only: true }],
    ["~/conf:/etc/conf:rw,rshared", { type: "bind", source: "~/conf", target: "/etc/conf", read_only: false, bind: { propagation: "rshared" } }],
    ["/opt:/opt", { type: "bind", source: "/opt", target: "/opt" }],
    ["cache:/cache:nocopy", { type: "volume", source: "cache", target: "/cache", volume: { nocopy: true } }],
    ["C:\\data:/data", { type: "bind", source: "C:\\data", target: "/data" }],
  ])("%j → %j", (spec, volume) => {
    expect(parseVolumeSpec(spec)).toEqual({ volume, ignoredOptions: [] });
  });

  it("takes a one-letter source followed by a colon for a Windows drive, as the CLI does", () => {
    expect(parseVolumeSpec("a::b")).toEqual({ volume: { type: "bind", source: "a:", target: "b" }, ignoredOptions: [] });
  });

  it("returns the options the CLI would ignore without a word", () => {
    expect(parseVolumeSpec("./a:/a:z,cached")).toEqual({ volume: { type: "bind", source: "./a", target: "/a" }, ignoredOptions: ["z", "cached"] });
  });

  it.each([
    ["", "invalid empty volume spec"],
    ["vol::/b", "invalid spec: vol::/b: empty section between colons"],
    ["vol:/b:ro:extra", "invalid spec: vol:/b:ro:extra: too many colons"],
  ])("%j fails: %s", (spec, error) => {
    expect(parseVolumeSpec(spec)).toEqual({ error });
  });
});

describe("sizes and CPUs as the CLI reads them", () => {
  it.each([
    ["512", 512],
    ["64k", 65536],
    ["256M", 268435456],
    ["1.5g", 1610612736],
    ["100 MiB", 104857600],
    ["10b", 10],
  ])("memory %j → %d bytes", (text, bytes) => {
    expect(parseRamSize(text)).toBe(bytes);
  });

  it.each(["-1", "1.5.5m", "ten", "1x"])("memory %j is refused", (text) => {
    expect(parseRamSize(text)).toMatch(/is not a size/);
  });

  it.each([
    ["0.5", 0.5],
    ["2", 2],
    ["1/4", 0.25],
    ["2e-1", 0.2],
    [".001", 0.001],
  ])("cpus %j → %d", (text, cpus) => {
    expect(parseCpus(text)).toBe(cpus);
  });

  it("refuses CPUs finer than a billionth, and non-numbers", () => {
    expect(parseCpus("0.0000000001")).toMatch(/too precise/);
    expect(parseCpus("half")).toMatch(/not a number of CPUs/);
  });
});

describe("checkImageReference", () => {
  it.each([
    "nginx",
    "nginx:1.27",
    "registry.example.com:5000/shop/web:1.4",
    "busybox@sha256:38a203e1986cf79639cfb9b2e1d6e773de84002feea2d4eb006b52004ee8502d",
    "a4bc65fd".padEnd(64, "0"),
  ])("accepts %s", (image) => {
    expect(checkImageReference(image)).toBeUndefined();
  });

  it.each([
    ["Nginx:1.27", "invalid reference format: repository name (Nginx:1.27) must be lowercase"],
    ["nginx:", 'invalid reference format: "nginx:"'],
    ["with space", 'invalid reference format: "with space"'],
  ])("refuses %s", (image, message) => {
    expect(checkImageReference(image)).toBe(message);
  });
});
