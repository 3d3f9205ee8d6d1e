/**
 * The short port syntax (`"8080:80"`, `"127.0.0.1:53:53/udp"`, `"9000-9002:9000-9002"`, `80`) → port
 * configs, exactly as `docker stack deploy` expands it (go-connections nat.ParsePortSpec, then
 * swarmopts.ConvertPortToPortConfig): one config per container port; a host range with a single
 * container port publishes every host port of the range to it; no host port lets the Engine pick one
 * (published 0); the protocol defaults to tcp and the mode is ingress. A host IP cannot be honoured by
 * a swarm service (it listens on every address): it is dropped with a warning, as the CLI does.
 */
import { isIP } from "node:net";

export interface PortConfig {
  target: number;
  /** 0: the Engine picks one. */
  published: number;
  /** "" when not given (long syntax): the Engine's default, tcp. */
  protocol: string;
  /** "" when not given (long syntax): the Engine's default, ingress. */
  mode: string;
}

export interface ParsedPorts {
  ports: PortConfig[];
  /** The host IP that was given and dropped, if any. */
  droppedIp?: string;
}

function portRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return [start, end];
}

export function parsePortSpec(spec: string): ParsedPorts | { error: string } {
  const parts = spec.split(":");
  let ip = "";
  let host = "";
  let container: string;
  if (parts.length === 1) container = parts[0];
  else if (parts.length === 2) [host, container] = parts;
  else {
    // More colons: an IPv6 address in front (the last two parts are the ports).
    ip = parts.slice(0, -2).join(":");
    host = parts[parts.length - 2];
    container = parts[parts.length - 1];
  }
  // "80/udp" → protocol and port; a trailing "/" means tcp.
  let protocol = "tcp";
  const slash = container.split("/");
  if (slash.length > 1) {
    container = slash[0];
    if (slash[1] !== "") protocol = slash[1].toLowerCase();
  }
  if (container === "") return { error: `no port specified: ${spec}<empty>` };
  if (!["tcp", "udp", "sctp"].includes(protocol)) return { error: `invalid proto: ${protocol}` };
  if (ip.startsWith("[")) {
    if (!ip.endsWith("]")) return { error: `invalid IP address ${ip}` };
    ip = ip.slice(1, -1);
  }
  if (ip !== "" && !isIP(ip)) return { error: `invalid IP address: ${ip}` };

  const containerRange = portRange(container);
  if (!containerRange) return { error: `invalid containerPort: ${container}` };
  let hostRange: [number, number] | undefined;
  if (host !== "") {
    hostRange = portRange(host);
    if (!hostRange) return { error: `invalid hostPort: ${host}` };
    const containerCount = containerRange[1] - containerRange[0];
    const hostCount = hostRange[1] - hostRange[0];
    if (containerCount !== hostCount && containerCount !== 0) {
      return { error: `invalid ranges specified for container and host Ports: ${container} and ${host}` };
    }
  }

  const ports: PortConfig[] = [];
  const count = containerRange[1] - containerRange[0] + 1;
  for (let i = 0; i < count; i++) {
    const target = containerRange[0] + i;
    if (!hostRange) {
      ports.push({ target, published: 0, protocol, mode: "ingress" });
    } else if (count === 1) {
      // A single container port takes every port of the host range.
      for (let p = hostRange[0]; p <= hostRange[1]; p++) ports.push({ target, published: p, protocol, mode: "ingress" });
    } else {
      ports.push({ target, published: hostRange[0] + i, protocol, mode: "ingress" });
    }
  }
  const unspecified = ip === "" || /^(0\.0\.0\.0|::|0:0:0:0:0:0:0:0)$/.test(ip);
  return unspecified ? { ports } : { ports, droppedIp: ip };
}

/** The CLI's order (swarm.PortConfig.Compare): published, then target, protocol, mode. */
export function comparePorts(a: PortConfig, b: PortConfig): number {
  return a.published - b.published || a.target - b.target || cmp(a.protocol, b.protocol) || cmp(a.mode, b.mode);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
