/** readModifyWrite: bounded retries on "update out of sequence", each with a fresh read. */
import { EngineError, isEngineError, readModifyWrite } from "../../provider/engine";

interface Obj {
  version: number;
  labels: Record<string, string>;
}

function outOfSequence(version: number): EngineError {
  return new EngineError({
    code: "OUT_OF_SEQUENCE",
    engineMessage: "rpc error: code = Unknown desc = update out of sequence",
    status: 500,
    request: `POST /v1.41/swarm/update?version=${version}`,
    host: "unix:///fake.sock",
  });
}

/** An engine object whose version moves on every read (as the allocator does). */
function store() {
  let version = 0;
  const reads: number[] = [];
  return {
    reads,
    read: jest.fn(async (): Promise<Obj> => {
      version += 1;
      reads.push(version);
      return { version, labels: { seen: String(version) } };
    }),
  };
}

afterEach(() => {
  jest.useRealTimers();
});

describe("readModifyWrite", () => {
  it("writes once when the first write succeeds", async () => {
    const s = store();
    const write = jest.fn(async () => undefined);
    const result = await readModifyWrite<Obj, Obj>({
      read: s.read,
      apply: (cur) => ({ ...cur, labels: { ...cur.labels, a: "1" } }),
      write,
    });
    expect(result).toEqual({ current: { version: 1, labels: { seen: "1" } }, written: true });
    expect(s.read).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith({ version: 1, labels: { seen: "1" } }, { version: 1, labels: { seen: "1", a: "1" } });
  });

  it("retries on OUT_OF_SEQUENCE with a fresh read and a fresh apply each time", async () => {
    const s = store();
    const applied: Obj[] = [];
    const retries: Array<[number, string]> = [];
    const write = jest.fn(async (cur: Obj, _next: Obj) => {
      if (cur.version < 3) throw outOfSequence(cur.version);
    });
    const result = await readModifyWrite<Obj, Obj>({
      read: s.read,
      apply: (cur) => {
        applied.push(cur);
        return { ...cur, labels: { ...cur.labels, a: "1" } };
      },
      write,
      backoffMs: 1,
      onRetry: (attempt, e) => retries.push([attempt, e.code]),
    });
    expect(result.written).toBe(true);
    expect(result.current.version).toBe(3);
    expect(s.reads).toEqual([1, 2, 3]);
    expect(applied.map((a) => a.version)).toEqual([1, 2, 3]);
    // Each write carries the object just read, and what apply made of that very read.
    expect(write.mock.calls.map(([cur, next]) => [cur.version, next.labels.seen])).toEqual([
      [1, "1"],
      [2, "2"],
      [3, "3"],
    ]);
    expect(retries).toEqual([
      [1, "OUT_OF_SEQUENCE"],
      [2, "OUT_OF_SEQUENCE"],
    ]);
  });

  it("gives up after 5 attempts by default with an OUT_OF_SEQUENCE error saying so", async () => {
    const s = store();
    const write = jest.fn(async (cur: Obj) => {
      throw outOfSequence(cur.version);
    });
    const err = await readModifyWrite<Obj, Obj>({ read: s.read, apply: (cur) => cur, write, backoffMs: 1 }).catch((e: unknown) => e);
    expect(isEngineError(err, "OUT_OF_SEQUENCE")).toBe(true);
    const e = err as EngineError;
    expect(s.read).toHaveBeenCalledTimes(5);
    expect(write).toHaveBeenCalledTimes(5);
    expect(e.engineMessage).toContain("update out of sequence");
    expect(e.engineMessage).toContain("after 5 attempts");
    expect(e.message).toContain("after 5 attempts");
    // The last failed request is kept for the user.
    expect(e.status).toBe(500);
    expect(e.request).toBe("POST /v1.41/swarm/update?version=5");
    expect(e.host).toBe("unix:///fake.sock");
    expect((e as Error & { cause?: unknown }).cause).toBeInstanceOf(EngineError);
  });

  it("honours a custom number of attempts", async () => {
    const s = store();
    const write = jest.fn(async (cur: Obj) => {
      throw outOfSequence(cur.version);
    });
    const err = (await readModifyWrite<Obj, Obj>({ read: s.read, apply: (c) => c, write, attempts: 2, backoffMs: 1 }).catch(
      (e: unknown) => e,
    )) as EngineError;
    expect(err.code).toBe("OUT_OF_SEQUENCE");
    expect(err.engineMessage).toContain("after 2 attempts");
    expect(write).toHaveBeenCalledTimes(2);
  });

  it("waits between attempts, 100 ms doubling by default", async () => {
    jest.useFakeTimers();
    const s = store();
    const write = jest.fn(async (cur: Obj) => {
      if (cur.version < 3) throw outOfSequence(cur.version);
    });
    const done = readModifyWrite<Obj, Obj>({ read: s.read, apply: (c) => c, write });
    await jest.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(99);
    expect(write).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(write).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(199);
    expect(write).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(write).toHaveBeenCalledTimes(3);
    await expect(done).resolves.toMatchObject({ written: true });
  });

  it.each<[string, unknown]>([
    ["NOT_A_MANAGER", new EngineError({ code: "NOT_A_MANAGER", engineMessage: "This node is not a swarm manager.", status: 503 })],
    ["INVALID_ARGUMENT", new EngineError({ code: "INVALID_ARGUMENT", engineMessage: 'swarm spec must be named "default"', status: 400 })],
    ["ENGINE_ERROR 500", new EngineError({ code: "ENGINE_ERROR", engineMessage: "internal", status: 500 })],
    ["a plain Error", new Error("bug")],
  ])("does not retry %s: rethrows it as is after one attempt", async (_label, error) => {
    const s = store();
    const write = jest.fn(async () => {
      throw error;
    });
    const onRetry = jest.fn();
    await expect(readModifyWrite<Obj, Obj>({ read: s.read, apply: (c) => c, write, backoffMs: 1, onRetry })).rejects.toBe(error);
    expect(s.read).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("does not retry when the read itself fails", async () => {
    const read = jest.fn(async (): Promise<Obj> => {
      throw outOfSequence(0);
    });
    const write = jest.fn();
    await expect(readModifyWrite<Obj, Obj>({ read, apply: (c) => c, write, backoffMs: 1 })).rejects.toMatchObject({ code: "OUT_OF_SEQUENCE" });
    expect(read).toHaveBeenCalledTimes(1);
    expect(write).not.toHaveBeenCalled();
  });

  it("writes nothing when apply returns undefined", async () => {
    const s = store();
    const write = jest.fn();
    const result = await readModifyWrite<Obj, Obj>({ read: s.read, apply: () => undefined, write });
    expect(result).toEqual({ current: { version: 1, labels: { seen: "1" } }, written: false });
    expect(write).not.toHaveBeenCalled();
  });

  it("supports an async apply, and stops without writing when a re-read shows nothing left to do", async () => {
    const s = store();
    const write = jest.fn(async (cur: Obj) => {
      throw outOfSequence(cur.version);
    });
    // After the conflict, the fresh read already has what we wanted (another writer applied it).
    const result = await readModifyWrite<Obj, Obj>({
      read: s.read,
      apply: async (cur) => (cur.version >= 2 ? undefined : cur),
      write,
      backoffMs: 1,
    });
    expect(result).toEqual({ current: { version: 2, labels: { seen: "2" } }, written: false });
    expect(write).toHaveBeenCalledTimes(1);
  });
});
