// `n` services named svc-001…, each replicated with one busybox task running `sleep 3600`: the same
// spec the other tools deploy (bench/lib/spec.mjs). Stack config:
//   manager  the swarm manager's socket (unix://…)    n       how many services (0 = an empty program)
//   image    default pds/busybox:latest               rev     the value of env BENCH_REV (the field the
//                                                             "one change in all" step changes)
//   window   the stability window, e.g. "5s": when set, the spec's updateConfig.monitor (as every other
//            tool gets it, so `docker stack deploy` waits the same) and convergence.stableFor. Unset,
//            both tools wait their default, 5 s.
import * as pulumi from "@pulumi/pulumi";
import { SwarmService } from "pulumi-docker-swarm";

export function services(config: pulumi.Config): number {
  const n = config.requireNumber("n");
  const connection = { host: config.require("manager") };
  const image = config.get("image") ?? "pds/busybox:latest";
  const rev = config.get("rev") ?? "a";
  const window = config.get("window");

  for (let i = 1; i <= n; i++) {
    const name = `svc-${String(i).padStart(3, "0")}`;
    new SwarmService(name, {
      connection,
      name,
      image,
      args: ["sleep", "3600"],
      env: { BENCH_REV: rev },
      replicas: 1,
      // Short for every tool alike: busybox `sleep` as PID 1 ignores SIGTERM, and 10 s of grace per
      // stop would dominate updates and the clean-up between runs.
      stopGracePeriod: "1s",
      ...(window ? { updateConfig: { monitor: window }, convergence: { stableFor: window } } : {}),
    });
  }
  return n;
}
