/**
 * The shapes the TypeScript SDK declares (sdk/*.ts), read from its source with the TypeScript compiler's
 * parser: each Args interface's properties (name, optional or required, TSDoc text) and, where a
 * property's type is an object literal or another interface of the SDK, its nested properties. The
 * SDK's classes' `declare readonly` outputs are read the same way. Used by the test that keeps the SDK
 * and the zod schemas (which the plugin's Pulumi schema is generated from) from drifting apart.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export interface SdkProperty {
  name: string;
  optional: boolean;
  doc: string;
  /** Nested properties when the type is (an Input of) an object literal or an SDK interface, or a list of one. */
  nested?: SdkShape;
}

export type SdkShape = Record<string, SdkProperty>;

const SDK = path.resolve(__dirname, "../../sdk");

export function sdkSources(dir = SDK): ts.SourceFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ts.createSourceFile(f, fs.readFileSync(path.join(dir, f), "utf8"), ts.ScriptTarget.ES2022, true));
}

function docOf(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  return docs
    .map((d) => (typeof d.comment === "string" ? d.comment : (d.comment ?? []).map((c) => c.text).join("")))
    .join("\n")
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

export class SdkShapes {
  private readonly interfaces = new Map<string, ts.InterfaceDeclaration>();
  private readonly aliases = new Map<string, ts.TypeAliasDeclaration>();
  private readonly classes = new Map<string, ts.ClassDeclaration>();

  constructor(files: ts.SourceFile[] = sdkSources()) {
    for (const sf of files) {
      sf.forEachChild((n) => {
        if (ts.isInterfaceDeclaration(n)) this.interfaces.set(n.name.text, n);
        else if (ts.isTypeAliasDeclaration(n)) this.aliases.set(n.name.text, n);
        else if (ts.isClassDeclaration(n) && n.name) this.classes.set(n.name.text, n);
      });
    }
  }

  /** The properties of an Args interface (with those of the interfaces it extends). */
  args(name: string): SdkShape {
    const shape = this.shapeOfName(name, new Set());
    if (!shape) throw new Error(`sdk/: no interface or type alias ${name}`);
    return shape;
  }

  /** The `declare readonly` outputs of a resource class. */
  outputs(className: string): SdkShape {
    const c = this.classes.get(className);
    if (!c) throw new Error(`sdk/: no class ${className}`);
    const out: SdkShape = {};
    for (const m of c.members) {
      if (!ts.isPropertyDeclaration(m) || !ts.isIdentifier(m.name)) continue;
      const mods = ts.getModifiers(m) ?? [];
      if (!mods.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      out[m.name.text] = { name: m.name.text, optional: true, doc: docOf(m) };
    }
    return out;
  }

  private shapeOfName(name: string, seen: Set<string>): SdkShape | undefined {
    if (seen.has(name)) return undefined;
    seen.add(name);
    const i = this.interfaces.get(name);
    if (i) {
      const out: SdkShape = {};
      for (const h of i.heritageClauses ?? []) {
        for (const t of h.types) {
          if (ts.isIdentifier(t.expression)) Object.assign(out, this.shapeOfName(t.expression.text, new Set(seen)));
        }
      }
      Object.assign(out, this.members(i.members, seen));
      return out;
    }
    const a = this.aliases.get(name);
    if (a) return this.shapeOfType(a.type, seen);
    return undefined;
  }

  private members(members: ts.NodeArray<ts.TypeElement>, seen: Set<string>): SdkShape {
    const out: SdkShape = {};
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.name) continue;
      const name = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
      const prop: SdkProperty = { name, optional: !!m.questionToken, doc: docOf(m) };
      const nested = m.type ? this.shapeOfType(m.type, new Set(seen)) : undefined;
      if (nested) prop.nested = nested;
      out[name] = prop;
    }
    return out;
  }

  /** Unwraps pulumi.Input<…>, lists and parentheses; an object literal or an SDK interface gives a shape. */
  private shapeOfType(t: ts.TypeNode, seen: Set<string>): SdkShape | undefined {
    if (ts.isParenthesizedTypeNode(t)) return this.shapeOfType(t.type, seen);
    if (ts.isArrayTypeNode(t)) return this.shapeOfType(t.elementType, seen);
    if (ts.isTypeLiteralNode(t)) return this.members(t.members, seen);
    if (ts.isUnionTypeNode(t)) {
      // `string | ServiceNetworkArgs`: the object member is the shape.
      for (const m of t.types) {
        const s = this.shapeOfType(m, new Set(seen));
        if (s) return s;
      }
      return undefined;
    }
    if (ts.isTypeReferenceNode(t)) {
      const name = t.typeName.getText();
      if ((name === "pulumi.Input" || name === "Input" || name === "Array") && t.typeArguments?.length) return this.shapeOfType(t.typeArguments[0], seen);
      if (name === "Record" || name === "pulumi.Output") return undefined;
      return this.shapeOfName(name, seen);
    }
    return undefined;
  }
}
