// The one service every tool deploys, N times: replicated, 1 replica, busybox `sleep 3600`, env
// BENCH_REV=<rev> (the field the "one change" step changes), 1 s stop grace period (busybox sleep as
// PID 1 ignores SIGTERM: the default 10 s would dominate updates and clean-ups, for every tool alike),
// no published port (no IPVS in the bench kernel) and no network of its own (see composeFile).
// The bench program (bench/program/services.ts) declares the same.
//
// `window` (seconds, or undefined): the stability window. Undefined, every tool waits its default,
// 5 s (the docker CLI waits UpdateConfig.Monitor, default 5 s; convergence.stableFor defaults to
// updateConfig.monitor, else 5 s). Set, every tool's spec carries UpdateConfig.Monitor = window (and
// the Pulumi program also sets convergence.stableFor), so all wait the same.

export const STACK = "bench";

/** svc-001, svc-002, … (the stack's are bench_svc-001, … : docker prefixes them with the stack name). */
export const serviceName = (i) => `svc-${String(i).padStart(3, "0")}`;

export const names = (n) => Array.from({ length: n }, (_, i) => serviceName(i + 1));

/** The Engine ServiceSpec the floor posts (the shape `docker service create` sends, minus CLI defaults). */
export function engineSpec(name, image, rev, window) {
  return {
    Name: name,
    TaskTemplate: {
      ContainerSpec: { Image: image, Args: ["sleep", "3600"], Env: [`BENCH_REV=${rev}`], StopGracePeriod: 1e9 },
    },
    Mode: { Replicated: { Replicas: 1 } },
    ...(window !== undefined ? { UpdateConfig: { Monitor: window * 1e9 } } : {}),
  };
}

/** Arguments of one `docker service create` (waiting for convergence: the CLI's default). */
export function createArgs(name, image, rev, window) {
  // --no-resolve-image: the bed has no registry; asking one would only add a failing lookup
  // (Pulumi's resolveImage is off too, and stack deploy gets --resolve-image never).
  return ["service", "create", "--quiet", "--no-resolve-image", "--name", name, "--stop-grace-period", "1s",
    "--env", `BENCH_REV=${rev}`, ...(window !== undefined ? ["--update-monitor", `${window}s`] : []), image, "sleep", "3600"];
}

/**
 * The compose file for `docker stack deploy`. Its default network is declared external and named
 * "bridge": without that, stack deploy creates an overlay network for the stack and attaches every
 * task to it, while the other tools deploy services without networks, whose containers run on the
 * engine's default bridge. With it, every tool's containers end up the same (NetworkMode "bridge").
 */
export function composeFile(n, image, rev, window) {
  const lines = ["services:"];
  for (const name of names(n)) {
    lines.push(
      `  ${name}:`,
      `    image: ${image}`,
      `    command: ["sleep", "3600"]`,
      `    stop_grace_period: 1s`,
      `    environment:`,
      `      BENCH_REV: "${rev}"`,
      ...(window !== undefined ? [`    deploy:`, `      update_config:`, `        monitor: ${window}s`] : []),
    );
  }
  lines.push("networks:", "  default:", "    external: true", "    name: bridge", "");
  return lines.join("\n");
}
