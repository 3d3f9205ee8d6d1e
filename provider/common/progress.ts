/**
 * Progress lines for long waits. The Pulumi provider host passes a dynamic provider's stdout through
 * to the CLI, without saying which resource it came from, so each line starts with the resource name.
 */
import { redactSecrets } from "../engine/redact";

export type Progress = (message: string) => void;

export function progressFor(resourceName: string | undefined, kind: string): Progress {
  const prefix = resourceName ? `${kind} ${resourceName}` : kind;
  return (message) => {
    if (process.env.PDS_QUIET === "1") return;
    process.stdout.write(`[${prefix}] ${redactSecrets(message)}\n`);
  };
}
