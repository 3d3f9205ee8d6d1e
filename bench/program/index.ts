// The benchmark's Pulumi program: `n` services named svc-001…, each replicated with one busybox task
// running `sleep 3600`: the same spec the other tools deploy (bench/lib/spec.mjs). Stack config:
//   manager  the swarm manager's socket (unix://…)    n    how many services (0 = an empty program)
//   image    default pds/busybox:latest               rev  the value of env BENCH_REV (the field the
//                                                          "one change in all" step changes)
import * as pulumi from "@pulumi/pulumi";
import { SwarmService } from "pulumi-docker-swarm";

const config = new pulumi.Config();
const n = config.requireNumber("n");
const connection = { host: config.require("manager") };
const image = config.get("image") ?? "pds/busybox:latest";
const rev = config.get("rev") ?? "a";

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
  });
}

export const services = n;
