/**
 * The one error a Compose file fails with. Every problem found is collected first and reported
 * together, each naming where it is (`services.web.deploy.replicas`), so that one run shows all that
 * must be fixed instead of one mistake per attempt.
 */
import { toDotPath } from "../../common/check";

export interface ComposeIssue {
  /** Where: a dot path into the Compose file (`services.web.ports[1].target`), or `(file)` for the whole file. */
  path: string;
  message: string;
}

export class ComposeError extends Error {
  readonly issues: ComposeIssue[];

  constructor(issues: ComposeIssue[], what = "the Compose file is not valid") {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
    super(`${what} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ComposeError";
    this.issues = issues;
  }
}

export type PathSegment = string | number;

/** `["services", "web", "ports", 1]` → `services.web.ports[1]`; the empty path is the file itself. */
export function pathText(path: ReadonlyArray<PathSegment>): string {
  return toDotPath(path) || "(file)";
}

/** A collector of issues and warnings, passed down so each step adds to the same lists. */
export class Findings {
  readonly issues: ComposeIssue[] = [];
  readonly warnings: string[] = [];

  error(path: ReadonlyArray<PathSegment>, message: string): void {
    this.issues.push({ path: pathText(path), message });
  }

  warn(path: ReadonlyArray<PathSegment>, message: string): void {
    const text = `${pathText(path)}: ${message}`;
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  /** Throws the collected issues, if any. */
  throwIfAny(what?: string): void {
    if (this.issues.length) throw new ComposeError(this.issues, what);
  }
}
