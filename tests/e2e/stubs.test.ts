/**
 * The provider stubs as Pulumi stores them: serialized by @pulumi/pulumi's closure serializer in a
 * child `node` process inside a program directory that installed the packed package, then loaded the
 * way the provider host loads them (require-from-string, resolving from the program's directory) and
 * called. Guards the rule that stubs capture nothing and stay tiny.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Program } from "./harness";

jest.setTimeout(10 * 60_000);

const SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const requireFromString = require(require.resolve("require-from-string", { paths: [require.resolve("@pulumi/pulumi")] }));
const { _stubs } = require("pulumi-docker-swarm");
(async () => {
  const out = {};
  for (const [name, provider] of Object.entries(_stubs)) {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    // Loaded like the provider host does: no filename, so require() resolves from the working directory.
    const loaded = requireFromString(sf.text).handler();
    const checked = await loaded.check({}, { connection: { host: "ftp://nowhere" } });
    out[name] = { size: sf.text.length, text: sf.text, methods: Object.keys(loaded).sort(), checked };
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("provider stubs", () => {
  it("serialize to a few hundred bytes each, load in a program directory and delegate to the installed implementation", () => {
    const program = Program.prepare("swarm", "stubs");
    const script = path.join(program.dir, "serialize-stubs.js");
    fs.writeFileSync(script, SCRIPT);
    const result = JSON.parse(execFileSync(process.execPath, [script], { cwd: program.dir, encoding: "utf8" }));
    expect(Object.keys(result).sort()).toEqual([
      "configProvider", "networkProvider", "nodeProvider", "secretProvider",
      "serviceGroupProvider", "serviceProvider", "stackPrunerProvider", "swarmProvider",
    ]);
    for (const [name, r] of Object.entries<any>(result)) {
      expect(r.size).toBeLessThan(4096);
      expect(r.methods).toEqual(["check", "create", "delete", "diff", "read", "update"]);
      // Nothing heavy captured by value: only require() by package name.
      expect(r.text).not.toMatch(/zod|undici|ZodObject|Pool\(/);
      // Each stub loads only its own resource's module (a subpath), not the whole provider.
      expect(r.text).toMatch(/require\("pulumi-docker-swarm\/provider\/(swarm|node|service|network|data-object|stack)"\)/);
      if (name === "swarmProvider") {
        // The real implementation answered: a validation failure naming the property.
        expect(r.checked.failures).toEqual([expect.objectContaining({ property: "connection.host" })]);
      }
    }
  });
});
