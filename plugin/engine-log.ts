/**
 * Messages to the Pulumi engine (its Engine service's Log RPC), attached to a resource's URN: the CLI
 * shows them under that resource (progress while it works, the reason of each change in a preview).
 * Without an engine address (a test driving the server directly) they go to stderr.
 */
import * as grpc from "@grpc/grpc-js";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";

export type Severity = "debug" | "info" | "warning" | "error";

export interface EngineLog {
  log(urn: string, severity: Severity, message: string, ephemeral?: boolean): void;
  close(): void;
}

const SEVERITY: Record<Severity, engineproto.LogSeverity> = {
  debug: engineproto.LogSeverity.DEBUG,
  info: engineproto.LogSeverity.INFO,
  warning: engineproto.LogSeverity.WARNING,
  error: engineproto.LogSeverity.ERROR,
};

export function engineLog(address: string | undefined): EngineLog {
  if (!address) {
    return {
      log: (urn, severity, message) => process.stderr.write(`${severity} ${urn}: ${message}\n`),
      close: () => undefined,
    };
  }
  const client = new enginerpc.EngineClient(address, grpc.credentials.createInsecure());
  // One message after the other, so that progress lines keep their order.
  let last: Promise<void> = Promise.resolve();
  return {
    log(urn, severity, message, ephemeral = false) {
      const req = new engineproto.LogRequest();
      req.setSeverity(SEVERITY[severity]);
      req.setMessage(message);
      req.setUrn(urn);
      req.setEphemeral(ephemeral);
      last = last.then(
        () =>
          new Promise<void>((resolve) => {
            client.log(req, () => resolve());
          }),
      );
    },
    close: () => client.close(),
  };
}
