/**
 * Variable substitution in one string, as the docker CLI's compose template package does it:
 * `$$` is a literal `$`; `$VAR` and `${VAR}` are replaced by the variable's value; `${VAR:-default}`
 * (unset or empty) and `${VAR-default}` (unset) give a default; `${VAR:?message}` (unset or empty) and
 * `${VAR?message}` (unset) are errors; any other `$` is an error ("escape any $ with another $").
 *
 * The pattern is the CLI's own: names are letters, digits and `_` (not starting with a digit, any
 * case), and the unbraced form also takes a modifier (`$VAR-default` reads as `${VAR-default}` up to
 * the next `}` or the end), which surprises people, so it is reported.
 *
 * One deliberate difference: the CLI tries `:-`, then `-`, then `:?`, then `?` *anywhere* in the
 * expression, so `${VAR:?must-be-set}` with VAR unset yields "be-set" instead of failing. Here the
 * modifier is the one right after the name, which is what the syntax means.
 */
export type Lookup = (name: string) => string | undefined;

export interface Substitution {
  value: string;
  /** Errors, each a sentence (a required variable, a stray `$`). */
  errors: string[];
  /** Variables used without a default that have no value (they become ""). */
  unset: string[];
  /** `$VAR-…` forms: unbraced with a modifier, as the CLI reads them. */
  ambiguous: string[];
}

const PATTERN = /\$(?:(\$)|([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\}|())/gi;
const NAME = /^[_a-z][_a-z0-9]*/i;

export function substituteVariables(text: string, lookup: Lookup): Substitution {
  const out: Substitution = { value: text, errors: [], unset: [], ambiguous: [] };
  if (!text.includes("$")) return out;
  out.value = text.replace(PATTERN, (_match, escaped: string | undefined, named: string | undefined, braced: string | undefined) => {
    if (escaped !== undefined) return "$";
    const expression = named ?? braced;
    if (expression === undefined) {
      out.errors.push(`invalid interpolation format in ${JSON.stringify(text)}: you may need to escape any $ with another $`);
      return "";
    }
    const name = NAME.exec(expression)![0];
    const rest = expression.slice(name.length);
    if (named !== undefined && rest) out.ambiguous.push(`$${expression}`);
    const value = lookup(name);
    if (rest.startsWith(":-")) return value === undefined || value === "" ? rest.slice(2) : value;
    if (rest.startsWith("-")) return value === undefined ? rest.slice(1) : value;
    if (rest.startsWith(":?") || rest.startsWith("?")) {
      const nonEmpty = rest.startsWith(":?");
      if (value === undefined || (nonEmpty && value === "")) {
        const message = rest.slice(nonEmpty ? 2 : 1);
        out.errors.push(`required variable ${name} is missing a value${message ? `: ${message}` : ""}`);
        return "";
      }
      return value;
    }
    if (value === undefined) {
      out.unset.push(name);
      return "";
    }
    return value;
  });
  return out;
}
