/**
 * zod building blocks shared by every resource's input schema: connection, durations, byte sizes,
 * labels. Each refinement's message is written for a person reading `pulumi preview` output.
 */
import { z } from "zod";
import { parseBytes } from "./bytes";
import { parseDuration } from "./duration";

export const durationInput = z.string().superRefine((value, ctx) => {
  const r = parseDuration(value);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
  else if (r < 0) ctx.addIssue({ code: "custom", message: `"${value}" is negative` });
});

export const bytesInput = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  const r = parseBytes(value);
  if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
});

export const labelsInput = z.record(z.string().min(1, "label keys cannot be empty"), z.string());

export const nonNegativeInt = z.number().int("must be a whole number").min(0, "must be zero or more");

const hostUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a URL such as unix:///var/run/docker.sock or tcp://host:2376` });
    return;
  }
  if (!["unix:", "tcp:", "http:", "https:"].includes(url.protocol)) {
    const hint = url.protocol === "ssh:" ? " (ssh:// is not supported yet)" : "";
    ctx.addIssue({ code: "custom", message: `unsupported scheme "${url.protocol}"${hint}` });
  }
});

export const connectionInput = z.strictObject({
  host: hostUrl.optional(),
  tls: z
    .strictObject({
      ca: z.string().optional(),
      cert: z.string().optional(),
      key: z.string().optional(),
      certPath: z.string().optional(),
      verify: z.boolean().optional(),
    })
    .optional(),
  apiVersion: z.string().regex(/^1\.\d+$/, 'must look like "1.41"').optional(),
  requestTimeout: durationInput.optional(),
});
export type ConnectionInput = z.infer<typeof connectionInput>;
