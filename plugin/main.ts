/**
 * pulumi-resource-docker-swarm's entry point. The Pulumi engine starts the plugin with its own
 * address as the last argument (after optional flags such as `--logtostderr`, `-v=9`,
 * `--tracing <endpoint>`); the plugin serves the ResourceProvider service on a free loopback port and
 * writes that port, alone, as the first line of its stdout.
 */
import { serve } from "./server";

export async function main(args: string[]): Promise<void> {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) positional.push(args[i]);
  }
  const { port } = await serve(positional.at(-1));
  process.stdout.write(`${port}\n`);
}

process.on("unhandledRejection", (e) => {
  process.stderr.write(`pulumi-resource-docker-swarm: unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
});

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`pulumi-resource-docker-swarm: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
