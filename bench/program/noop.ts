// `n` dynamic resources whose provider does nothing (create returns at once, no Engine, no module of
// this package): what Pulumi's dynamic-provider host weighs on its own while it serves a program, the
// baseline that this package's share of the host's memory is measured against. Stack config: n.
import * as pulumi from "@pulumi/pulumi";

// Captures nothing, so its serialized closure is a few lines: the host loads no other module for it.
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create() {
    return { id: "noop", outs: {} };
  },
};

class Noop extends pulumi.dynamic.Resource {
  constructor(name: string) {
    super(noopProvider, name, {}, {});
  }
}

export function noop(config: pulumi.Config): number {
  const n = config.requireNumber("n");
  for (let i = 1; i <= n; i++) new Noop(`noop-${String(i).padStart(3, "0")}`);
  return n;
}
