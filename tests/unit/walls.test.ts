/**
 * The walls between layers, checked on the import statements of every source file:
 *   provider/engine (the wire) → provider/common (the lifecycle kit) → one folder per resource → sdk,
 *   and plugin/ (the provider-plugin front-end) beside sdk/ on the same core.
 * A layer imports only from layers below it; resource folders never import each other; look-ups use
 * only the pure mapping of a resource (spec, args), never a lifecycle; no file in a resource folder
 * carries its own copy of the lifecycle plumbing that the kit provides; and the plugin implements no
 * resource of its own (it reaches each through its lifecycle and schemas).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const PROVIDER = path.join(ROOT, "provider");
const RESOURCES = ["swarm", "node", "service", "network", "data-object", "stack"];
/** A resource's pure modules (its inputs and its mapping), which others may use; never its I/O. */
const pure = (t: string) => /^(swarm|node|service|network|data-object|stack)\/(spec|args)(\/|$)/.test(t.split(path.sep).join("/"));

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** [file, resolved import target relative to provider/] for every relative import or require. */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    out.push(path.relative(PROVIDER, path.resolve(path.dirname(file), m[1])));
  }
  return out;
}

const area = (rel: string) => rel.split(path.sep)[0];
const all = files(PROVIDER).map((f) => ({ file: path.relative(PROVIDER, f), abs: f, targets: imports(f) }));

it("finds the provider's files and their imports (the scan itself works)", () => {
  expect(all.length).toBeGreaterThan(40);
  expect(all.find((f) => f.file === path.join("service", "lifecycle.ts"))?.targets).toContain(path.join("common", "lifecycle"));
});

it("engine/ (the wire) imports nothing above it", () => {
  const bad = all.filter((f) => area(f.file) === "engine").flatMap((f) => f.targets.filter((t) => area(t) !== "engine").map((t) => `${f.file} → ${t}`));
  expect(bad).toEqual([]);
});

it("common/ (the kit) imports only engine/ and itself", () => {
  const bad = all.filter((f) => area(f.file) === "common").flatMap((f) => f.targets.filter((t) => !["engine", "common"].includes(area(t))).map((t) => `${f.file} → ${t}`));
  expect(bad).toEqual([]);
});

it("resource folders never import each other's lifecycles (only their pure inputs and mapping)", () => {
  const bad = all
    .filter((f) => RESOURCES.includes(area(f.file)))
    .flatMap((f) => f.targets.filter((t) => RESOURCES.includes(area(t)) && area(t) !== area(f.file) && !pure(t)).map((t) => `${f.file} → ${t}`));
  expect(bad).toEqual([]);
});

it("look-ups use only the pure mapping of a resource (spec, args), never a lifecycle", () => {
  const bad = all
    .filter((f) => area(f.file) === "lookups")
    .flatMap((f) => f.targets.filter((t) => RESOURCES.includes(area(t)) && !pure(t)).map((t) => `${f.file} → ${t}`));
  expect(bad).toEqual([]);
});

it("no resource file repeats the kit's plumbing (stripProvider, withProvider, a poll loop, a partial-failure class)", () => {
  const patterns: Array<[string, RegExp]> = [
    ["its own stripProvider", /function stripProvider\b/],
    ["its own withProvider", /function withProvider\b/],
    ["its own poll loop", /function poll\b|async function poll</],
    ["its own partial-failure error", /class \w+ extends Error[\s\S]{0,400}readonly id: string/],
    ["a hand-made sleep loop", /for \(;;\)[\s\S]{0,600}setTimeout\(r, \d+\)/],
  ];
  const bad = all
    .filter((f) => RESOURCES.includes(area(f.file)) || area(f.file) === "lookups")
    .flatMap((f) => {
      const text = fs.readFileSync(f.abs, "utf8");
      return patterns.filter(([, re]) => re.test(text)).map(([what]) => `${f.file}: ${what}`);
    });
  expect(bad).toEqual([]);
});

// ─── the provider plugin: a front-end on the same core ─────────────────────────

/** Every relative import of `file`, resolved relative to the repository root. */
function importsFromRoot(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s+|require\(\s*|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    out.push(path.relative(ROOT, path.resolve(path.dirname(file), m[1])).split(path.sep).join("/"));
  }
  return out;
}

const PLUGIN = path.join(ROOT, "plugin");
const pluginFiles = files(PLUGIN).map((f) => ({ file: path.relative(ROOT, f), targets: importsFromRoot(f) }));

it("finds the plugin's files and their imports", () => {
  expect(pluginFiles.length).toBeGreaterThan(5);
  expect(pluginFiles.find((f) => f.file === path.join("plugin", "resources.ts"))?.targets).toContain("provider/service");
});

it("the plugin reaches the core only through each resource's lifecycle, its schemas and pure mapping, the kit and the look-ups", () => {
  const allowed = /^(plugin\/|provider\/(common\/[a-z-]+|lookups|lookups\/args|(swarm|node|service|network|data-object)(\/(args|outputs-schema|spec))?)$)/;
  const bad = pluginFiles.flatMap((f) => f.targets.filter((t) => !allowed.test(t)).map((t) => `${f.file} → ${t}`));
  expect(bad).toEqual([]);
});

it("neither the core nor the SDK imports the plugin", () => {
  const offenders = [...files(PROVIDER), ...files(path.join(ROOT, "sdk"))].flatMap((f) =>
    importsFromRoot(f)
      .filter((t) => t.startsWith("plugin/") || t === "plugin")
      .map((t) => `${path.relative(ROOT, f)} → ${t}`),
  );
  expect(offenders).toEqual([]);
});
