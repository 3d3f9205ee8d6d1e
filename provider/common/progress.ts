/**
 * Progress lines for long waits. The Pulumi provider host passes a dynamic provider's stdout through
 * to the CLI, without saying which resource it came from, so each line starts with the resource name.
 * An operation run with a sink (common/operation.ts: the provider plugin, which sends them to the
 * Pulumi engine under the resource's URN) gets them there instead.
 */
import { redactSecrets } from "../engine/redact";
import { currentOperation } from "./operation";

export type Progress = (message: string) => void;

export function progressFor(resourceName: string | undefined, kind: string): Progress {
  const prefix = resourceName ? `${kind} ${resourceName}` : kind;
  return (message) => {
    if (process.env.PDS_QUIET === "1") return;
    const sink = currentOperation()?.sink;
    if (sink) sink(`[${prefix}] ${redactSecrets(message)}`);
    else process.stdout.write(`[${prefix}] ${redactSecrets(message)}\n`);
  };
}

/**
 * The reason line of a property that `up` will update in place. Said so that it reads true in a
 * preview and in a refresh alike (a refresh that finds drift must not sound as if it changed the
 * engine): the engine's value differs from the program's, and the next `up` puts the program's back.
 */
export function updatedInPlace(property: string, detail?: string): string {
  return `${property}: differs from the program${detail ? ` (${detail})` : ""}; up updates it in place`;
}
