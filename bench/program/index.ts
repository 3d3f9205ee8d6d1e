// The benchmark's Pulumi program, one of three by stack config `mode`:
//   services (default)  `n` SwarmServices, the workload every tool deploys (services.ts)
//   noop                `n` dynamic resources whose provider does nothing: Pulumi's own dynamic-provider
//                       host, as the baseline of the provider host's memory (noop.ts)
//   scale               a swarm of many engines: one Swarm, a SwarmNode per other engine, labels, and a
//                       global service (scale.ts)
import * as pulumi from "@pulumi/pulumi";
import { noop } from "./noop";
import { scale } from "./scale";
import { services } from "./services";

const config = new pulumi.Config();
const mode = config.get("mode") ?? "services";

export const resources = mode === "noop" ? noop(config) : mode === "scale" ? scale(config) : services(config);
