/**
 * registryAuth: { fromDockerConfig: true }: the credentials `docker login` stored, read as the docker
 * CLI reads them (config.json auths, identity tokens, credential helpers), for the image's registry.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validate } from "../../provider/common/check";
import { serviceInputs } from "../../provider/service/args";
import { registryAuthHash } from "../../provider/service/diff";
import { authConfigKey, credentialsFromDockerConfig, runCredentialHelper } from "../../provider/service/docker-credentials";
import { withDockerConfigAuth } from "../../provider/service/registry";

let dir: string;
const b64 = (s: string) => Buffer.from(s).toString("base64");

function configWith(content: object): NodeJS.ProcessEnv {
  const d = fs.mkdtempSync(path.join(dir, "cfg-"));
  fs.writeFileSync(path.join(d, "config.json"), JSON.stringify(content));
  return { DOCKER_CONFIG: d, PATH: `${dir}${path.delimiter}${process.env.PATH}` };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pds-creds-"));
  // A credential helper as docker-credential-helpers speak it: server address on stdin, JSON out;
  // "credentials not found in native keychain" and exit 1 when it holds nothing for that server.
  const helper = `#!${process.execPath}
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  if (process.argv[2] !== "get") process.exit(2);
  if (input === "registry.example.com") return console.log(JSON.stringify({ ServerURL: input, Username: "helper-user", Secret: "helper-pass" }));
  if (input === "tokens.example.com") return console.log(JSON.stringify({ ServerURL: input, Username: "<token>", Secret: "helper-token" }));
  if (input === "broken.example.com") { console.error("keychain is locked"); process.exit(3); }
  console.log("credentials not found in native keychain");
  process.exit(1);
});
`;
  fs.writeFileSync(path.join(dir, "docker-credential-fake"), helper, { mode: 0o755 });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("authConfigKey", () => {
  it("Docker Hub's key is https://index.docker.io/v1/; any other registry's is host[:port]", () => {
    expect(authConfigKey("nginx:1.27")).toBe("https://index.docker.io/v1/");
    expect(authConfigKey("docker.io/library/nginx")).toBe("https://index.docker.io/v1/");
    expect(authConfigKey("index.docker.io/me/app")).toBe("https://index.docker.io/v1/");
    expect(authConfigKey("10.213.3.11:5000/pds/private:1")).toBe("10.213.3.11:5000");
    expect(authConfigKey("registry.example.com/team/app@sha256:abc")).toBe("registry.example.com");
  });
});

describe("credentialsFromDockerConfig", () => {
  it("auths: base64 user:password, for the image's registry", async () => {
    const env = configWith({ auths: { "10.0.0.5:5000": { auth: b64("alice:s3cret:with:colons") }, "https://index.docker.io/v1/": { auth: b64("hub:hubpw") } } });
    expect(await credentialsFromDockerConfig("10.0.0.5:5000/app:1", env)).toEqual({ username: "alice", password: "s3cret:with:colons", serverAddress: "10.0.0.5:5000" });
    expect(await credentialsFromDockerConfig("nginx", env)).toEqual({ username: "hub", password: "hubpw", serverAddress: "https://index.docker.io/v1/" });
    expect(await credentialsFromDockerConfig("other.example.com/app", env)).toBeUndefined();
  });

  it("a key written as a URL counts for its host; an identity token is used as one", async () => {
    const env = configWith({ auths: { "https://registry.example.com/v2/": { auth: b64("bob:pw") }, "id.example.com": { identitytoken: "tok-123" } } });
    expect(await credentialsFromDockerConfig("registry.example.com/app", env)).toMatchObject({ username: "bob", password: "pw" });
    expect(await credentialsFromDockerConfig("id.example.com/app", env)).toEqual({ username: undefined, identityToken: "tok-123", serverAddress: "id.example.com" });
  });

  it("credsStore: docker-credential-<name> get, with the server address on stdin; <token> means an identity token", async () => {
    const env = configWith({ credsStore: "fake", auths: { "registry.example.com": {} } });
    expect(await credentialsFromDockerConfig("registry.example.com/app:1", env)).toEqual({ username: "helper-user", password: "helper-pass", serverAddress: "registry.example.com" });
    expect(await credentialsFromDockerConfig("tokens.example.com/app", env)).toEqual({ identityToken: "helper-token", serverAddress: "tokens.example.com" });
    // Nothing in the helper: what the file holds (here nothing), as the CLI does.
    expect(await credentialsFromDockerConfig("nothing.example.com/app", env)).toBeUndefined();
  });

  it("credHelpers names a helper for one registry, over the file and credsStore", async () => {
    const env = configWith({ credsStore: "missing-one", credHelpers: { "registry.example.com": "fake" }, auths: { "registry.example.com": { auth: b64("file:filepw") } } });
    expect(await credentialsFromDockerConfig("registry.example.com/app", env)).toMatchObject({ username: "helper-user", password: "helper-pass" });
  });

  it("a helper that is not installed, or that fails → a clear error naming it", async () => {
    const env = configWith({ credsStore: "missing-one" });
    await expect(credentialsFromDockerConfig("registry.example.com/app", env)).rejects.toThrow(
      'the docker config names the credential helper "missing-one", but docker-credential-missing-one is not on the PATH',
    );
    await expect(runCredentialHelper("fake", "broken.example.com", configWith({}))).rejects.toThrow("docker-credential-fake get exited with code 3 for broken.example.com: keychain is locked");
    await expect(runCredentialHelper("../evil", "x", {})).rejects.toThrow("is not a credential helper name");
  });

  it("no config.json → no credentials; a config.json that is not JSON → an error naming it", async () => {
    expect(await credentialsFromDockerConfig("app", { DOCKER_CONFIG: path.join(dir, "none") })).toBeUndefined();
    const d = fs.mkdtempSync(path.join(dir, "bad-"));
    fs.writeFileSync(path.join(d, "config.json"), "{ not json");
    await expect(credentialsFromDockerConfig("app", { DOCKER_CONFIG: d })).rejects.toThrow(`${path.join(d, "config.json")} is not valid JSON`);
  });
});

describe("withDockerConfigAuth (the service's inputs)", () => {
  const saved = process.env.DOCKER_CONFIG;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = saved;
  });

  it("replaces fromDockerConfig with the stored credentials, so that a rotation in the file changes the hash kept in state", async () => {
    const inputs = { image: "10.0.0.5:5000/app:1", registryAuth: { fromDockerConfig: true }, _name: "web" };
    process.env.DOCKER_CONFIG = configWith({ auths: { "10.0.0.5:5000": { auth: b64("alice:first") } } }).DOCKER_CONFIG;
    const first = await withDockerConfigAuth(inputs);
    expect(first.registryAuth).toEqual({ username: "alice", password: "first", serverAddress: "10.0.0.5:5000" });
    process.env.DOCKER_CONFIG = configWith({ auths: { "10.0.0.5:5000": { auth: b64("alice:second") } } }).DOCKER_CONFIG;
    const second = await withDockerConfigAuth(inputs);
    expect(registryAuthHash(second.registryAuth)).not.toBe(registryAuthHash(first.registryAuth));
    expect(registryAuthHash(second.registryAuth)).not.toContain("second");
    // Explicit credentials are left as they are.
    const explicit = { ...inputs, registryAuth: { username: "u", password: "p" } };
    expect(await withDockerConfigAuth(explicit)).toBe(explicit);
  });

  it("nothing stored → no credentials sent", async () => {
    process.env.DOCKER_CONFIG = configWith({}).DOCKER_CONFIG;
    const out = await withDockerConfigAuth({ image: "10.0.0.5:5000/app:1", registryAuth: { fromDockerConfig: true }, _name: "web" });
    expect(out.registryAuth).toBeUndefined();
  });

  it("fromDockerConfig goes alone", () => {
    const base = { image: "busybox", _name: "web" };
    expect(validate(serviceInputs, { ...base, registryAuth: { fromDockerConfig: true } }).failures).toEqual([]);
    const f = validate(serviceInputs, { ...base, registryAuth: { fromDockerConfig: true, username: "u" } }).failures;
    expect(f.map((x) => x.property)).toEqual(["registryAuth"]);
    expect(f[0].reason).toContain("give no username, password, identityToken or serverAddress with it");
  });
});
