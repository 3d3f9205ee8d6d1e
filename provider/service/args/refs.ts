/**
 * References to swarm secrets and configs, by name or by ID. The Engine needs both, so the provider
 * looks the other one up (GET /secrets, GET /configs) when it writes the service.
 */
import { z } from "zod";
import { fileModeInput, idInput } from "./common";

const fileFields = {
  /** File name under /run/secrets (secrets) or path in the container (configs). Default: the name. */
  fileName: z.string().min(1, "cannot be empty").optional(),
  uid: idInput.optional(),
  gid: idInput.optional(),
  /** Permissions: 0o444 (default) or "0444". */
  mode: fileModeInput.optional(),
};

export const secretRefInput = z
  .strictObject({
    secretName: z.string().min(1, "cannot be empty").optional(),
    secretId: z.string().min(1, "cannot be empty").optional(),
    ...fileFields,
  })
  .superRefine((s, ctx) => {
    if (!s.secretName && !s.secretId) ctx.addIssue({ code: "custom", path: ["secretName"], message: "give secretName or secretId" });
  });
export type SecretRefInput = z.infer<typeof secretRefInput>;

export const configRefInput = z
  .strictObject({
    configName: z.string().min(1, "cannot be empty").optional(),
    configId: z.string().min(1, "cannot be empty").optional(),
    ...fileFields,
    /** Make the config available to the runtime only (for privileges.credentialSpec.config), not as a file. */
    runtime: z.boolean().optional(),
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
