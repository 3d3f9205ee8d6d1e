import { formatDuration, parseDuration } from "../../provider/common/duration";
import { parseBytes } from "../../provider/common/bytes";

describe("durations", () => {
  it.each([
    ["5s", 5e9],
    ["1h30m", 5400e9],
    ["2160h", 7776000000000000],
    ["300ms", 3e8],
    ["1.5s", 1.5e9],
    ["0", 0],
    ["10us", 10e3],
  ])("parses %s", (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it.each(["5", "five seconds", "1x", "", "s"])("rejects %p with a message", (text) => {
    expect(typeof parseDuration(text)).toBe("string");
  });

  it("formats in the shortest exact form and round-trips", () => {
    expect(formatDuration(5e9)).toBe("5s");
    expect(formatDuration(7776000000000000)).toBe("2160h");
    expect(formatDuration(5400e9)).toBe("1h30m");
    expect(formatDuration(1500e6)).toBe("1s500ms");
    for (const text of ["1h30m", "2160h", "1s500ms", "10us"]) expect(formatDuration(parseDuration(text) as number)).toBe(text);
  });
});

describe("byte sizes", () => {
  it.each([
    [512, 512],
    ["512M", 512 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["64k", 65536],
    ["100MiB", 100 * 1024 ** 2],
    ["1.5G", 1.5 * 1024 ** 3],
  ])("parses %p", (value, bytes) => {
    expect(parseBytes(value)).toBe(bytes);
  });
  it.each(["12 parsecs", "-5M", -1, 1.5])("rejects %p", (value) => {
    expect(typeof parseBytes(value as number | string)).toBe("string");
  });
});
