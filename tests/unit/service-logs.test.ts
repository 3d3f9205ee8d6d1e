/** Decoding the Engine's multiplexed log stream (8-byte frame headers) and raw TTY streams. */
import { decodeLogs, demuxLogs, tail } from "../../provider/engine/logs";

function frame(stream: number, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("log stream demux", () => {
  it("splits frames into lines by stream (bytes as GET /services/{id}/logs sent them on 20.10 and 26.1)", () => {
    // The exact bytes the test bed returned for `echo out-line; echo err-line >&2`.
    const body = Buffer.from("\u0001\u0000\u0000\u0000\u0000\u0000\u0000\tout-line\n\u0002\u0000\u0000\u0000\u0000\u0000\u0000\terr-line\n", "latin1");
    expect(demuxLogs(body)).toEqual([
      { stream: "stdout", text: "out-line" },
      { stream: "stderr", text: "err-line" },
    ]);
  });

  it("joins a line split over frames of the same stream, and several lines in one frame", () => {
    const body = Buffer.concat([frame(1, "hel"), frame(1, "lo\nwor"), frame(1, "ld\n"), frame(2, "a\nb\n")]);
    expect(demuxLogs(body)).toEqual([
      { stream: "stdout", text: "hello" },
      { stream: "stdout", text: "world" },
      { stream: "stderr", text: "a" },
      { stream: "stderr", text: "b" },
    ]);
  });

  it("reads the Engine's own errors (stream 3) and multi-byte UTF-8", () => {
    const body = Buffer.concat([frame(3, "Error grabbing logs: gone\n"), frame(1, "héllo ✓\n")]);
    expect(demuxLogs(body)).toEqual([
      { stream: "system", text: "Error grabbing logs: gone" },
      { stream: "stdout", text: "héllo ✓" },
    ]);
  });

  it("keeps what arrived of a truncated frame", () => {
    const f = frame(1, "complete line\n");
    const body = Buffer.concat([frame(2, "first\n"), f.subarray(0, 12)]);
    expect(demuxLogs(body)).toEqual([
      { stream: "stderr", text: "first" },
      { stream: "stdout", text: "comp" },
    ]);
  });

  it("is not fooled by raw text: a TTY stream is read as plain lines", () => {
    expect(demuxLogs(Buffer.from("plain text\nmore\n"))).toBeUndefined();
    expect(decodeLogs(Buffer.from("plain text\nmore\n"))).toEqual([
      { stream: "stdout", text: "plain text" },
      { stream: "stdout", text: "more" },
    ]);
    // The Engine (>= 1.42) says which it is; trust it even when the bytes could be frames.
    expect(decodeLogs(frame(1, "x\n"), "application/vnd.docker.raw-stream")[0].text).toContain("x");
    expect(decodeLogs(frame(1, "x\n"), "application/vnd.docker.multiplexed-stream")).toEqual([{ stream: "stdout", text: "x" }]);
    expect(decodeLogs(Buffer.alloc(0))).toEqual([]);
  });

  it("tails the last lines, marking stderr", () => {
    const lines = demuxLogs(Buffer.concat([frame(1, "1\n2\n"), frame(2, "3\n")]))!;
    expect(tail(lines, 2)).toEqual(["2", "stderr: 3"]);
  });
});
