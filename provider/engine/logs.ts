/**
 * Decoding of the Engine's log streams. Without a TTY, logs are multiplexed: frames of an 8-byte
 * header [stream, 0, 0, 0, size (uint32 big-endian)] and `size` bytes of payload; stream 0 = stdin,
 * 1 = stdout, 2 = stderr, 3 = an error from the Engine itself ("Error grabbing logs: …").
 * With a TTY (or when the Engine says application/vnd.docker.raw-stream) the body is raw text.
 */

export type LogStream = "stdin" | "stdout" | "stderr" | "system";

export interface LogLine {
  stream: LogStream;
  text: string;
}

const STREAMS: Record<number, LogStream> = { 0: "stdin", 1: "stdout", 2: "stderr", 3: "system" };

/**
 * Splits a multiplexed body into lines. A frame that is cut short (the body ended early) keeps what
 * arrived. Returns undefined when the body does not look multiplexed (so it can be read as raw).
 */
export function demuxLogs(body: Buffer): LogLine[] | undefined {
  const chunks: Array<{ stream: LogStream; data: Buffer }> = [];
  let offset = 0;
  while (offset < body.length) {
    if (body.length - offset < 8) return undefined;
    const type = body[offset];
    if (!(type in STREAMS) || body[offset + 1] !== 0 || body[offset + 2] !== 0 || body[offset + 3] !== 0) return undefined;
    const size = body.readUInt32BE(offset + 4);
    const start = offset + 8;
    const end = Math.min(start + size, body.length);
    chunks.push({ stream: STREAMS[type], data: body.subarray(start, end) });
    offset = start + size;
  }
  // A line may span frames of the same stream: join consecutive frames before splitting.
  const lines: LogLine[] = [];
  let pending: { stream: LogStream; text: string } | undefined;
  const flush = () => {
    if (pending && pending.text !== "") lines.push(...splitLines(pending.stream, pending.text));
    pending = undefined;
  };
  for (const c of chunks) {
    if (pending && pending.stream !== c.stream) flush();
    pending = { stream: c.stream, text: (pending?.text ?? "") + c.data.toString("utf8") };
    if (pending.text.endsWith("\n")) flush();
  }
  flush();
  return lines;
}

function splitLines(stream: LogStream, text: string): LogLine[] {
  return text
    .replace(/\r\n/g, "\n")
    .replace(/\n$/, "")
    .split("\n")
    .map((t) => ({ stream, text: t }));
}

/** Decodes a log body: multiplexed unless the Engine says raw, or the bytes are not frames. */
export function decodeLogs(body: Buffer, contentType?: string): LogLine[] {
  if (!body.length) return [];
  const raw = contentType?.includes("raw-stream");
  const demuxed = raw ? undefined : demuxLogs(body);
  return demuxed ?? splitLines("stdout", body.toString("utf8"));
}

/** The last `n` lines, as text for an error message. */
export function tail(lines: LogLine[], n: number): string[] {
  return lines.slice(-n).map((l) => (l.stream === "stderr" ? `stderr: ${l.text}` : l.stream === "system" ? `engine: ${l.text}` : l.text));
}
