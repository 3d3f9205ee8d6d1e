/**
 * References to swarm secrets and configs, by name or by ID. The Engine needs both, so the provider
 * looks the other one up (GET /secrets, GET /configs) when it writes the service.
 */
import { z } from "zod";
import { fileModeInput, idInput } from "./common";

const fileFields = {
  /** File name under /run/secrets (secrets) or path in the container (configs). Default: the name. */
  fileName: z.string().min(1, "cannot be empty").optional().meta({ description: "File name under /run/secrets (default: the secret's name)." }),
  uid: idInput.optional().meta({ description: "Owner user ID of the file (default \"0\")." }),
  gid: idInput.optional().meta({ description: "Owner group ID of the file (default \"0\")." }),
  /** Permissions: 0o444 (default) or "0444". */
  mode: fileModeInput.optional().meta({ description: "Permissions (default 0o444)." }),
};

export const secretRefInput = z
  .strictObject({
    secretName: z.string().min(1, "cannot be empty").optional().meta({ description: "The secret's name." }),
    secretId: z.string().min(1, "cannot be empty").optional().meta({ description: "The secret's ID." }),
    ...fileFields,
  })
  .superRefine((s, ctx) => {
    if (!s.secretName && !s.secretId) ctx.addIssue({ code: "custom", path: ["secretName"], message: "give secretName or secretId" });
  });
export type SecretRefInput = z.infer<typeof secretRefInput>;

export const configRefInput = z
  .strictObject({
    configName: z.string().min(1, "cannot be empty").optional().meta({ description: "The config's name." }),
    configId: z.string().min(1, "cannot be empty").optional().meta({ description: "The config's ID." }),
    ...fileFields,
    /** Make the config available to the runtime only (for privileges.credentialSpec.config), not as a file. */
    runtime: z.boolean().optional().meta({ description: "Give the config to the runtime only (for `privileges.credentialSpec.config`), not as a file." }),
  })
  .superRefine((c, ctx) => {
    if (!c.configName && !c.configId) ctx.addIssue({ code: "custom", path: ["configName"], message: "give configName or configId" });
    if (c.runtime) {
      for (const k of ["fileName", "uid", "gid", "mode"] as const) {
        if (c[k] !== undefined) ctx.addIssue({ code: "custom", path: [k], message: "does not apply to a runtime config" });
      }
    }
  });
export type ConfigRefInput = z.infer<typeof configRefInput>;
