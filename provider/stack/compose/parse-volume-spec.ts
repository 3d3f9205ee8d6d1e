/**
 * The short volume syntax (`"data:/var/lib/data:ro"`, `"./site:/usr/share/nginx/html"`, `"/cache"`)
 * → a long-syntax volume, as the docker CLI parses it (internal/volumespec): `source:target[:options]`
 * with options `ro`, `rw`, `nocopy` and the bind propagations; a source starting with `.`, `/` or `~`
 * (or a Windows drive or `\\`) is a bind mount, any other a named volume; a lone path is an anonymous
 * volume. Options the CLI does not know (`z`, `cached`, …) it ignores silently; they are returned so
 * that they can be reported.
 */
export interface VolumeMountSpec {
  type: string;
  source?: string;
  target?: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number | string; mode?: number };
}

const PROPAGATIONS = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];

const isDriveLetter = (buffer: string) => buffer.length === 1 && /\p{L}/u.test(buffer);

export function parseVolumeSpec(spec: string): { volume: VolumeMountSpec; ignoredOptions: string[] } | { error: string } {
  const ignoredOptions: string[] = [];
  const volume: VolumeMountSpec = { type: "volume" };
  const chars = [...spec];
  if (chars.length === 0) return { error: "invalid empty volume spec" };
  if (chars.length <= 2) return { volume: { type: "volume", target: spec }, ignoredOptions };

  let buffer = "";
  let source = "";
  let target = "";
  const END = "";
  for (const c of [...chars, END]) {
    if (c === ":" && isDriveLetter(buffer)) {
      // "C:" starts a Windows path rather than ending a field.
      buffer += c;
      continue;
    }
    if (c !== ":" && c !== END) {
      buffer += c;
      continue;
    }
    if (buffer === "") return { error: `invalid spec: ${spec}: empty section between colons` };
    if (source === "" && c === END) target = buffer;
    else if (source === "") source = buffer;
    else if (target === "") target = buffer;
    else if (c === ":") return { error: `invalid spec: ${spec}: too many colons` };
    else {
      for (const option of buffer.split(",")) {
        if (option === "ro") volume.read_only = true;
        else if (option === "rw") volume.read_only = false;
        else if (option === "nocopy") volume.volume = { nocopy: true };
        else if (PROPAGATIONS.includes(option)) volume.bind = { propagation: option };
        else ignoredOptions.push(option);
      }
    }
    buffer = "";
  }
  if (source !== "") volume.source = source;
  volume.target = target;
  volume.type = source === "" ? "volume" : isFilePath(source) ? "bind" : "volume";
  return { volume, ignoredOptions };
}

function isFilePath(source: string): boolean {
  if (".~/".includes(source[0])) return true;
  if ([...source].length === 1) return false;
  if (source.startsWith("\\\\")) return true;
  return isDriveLetter(source[0]) && source[1] === ":";
}
