/**
 * The operation context of the lifecycle kit (provider/common/operation.ts): a caller's deadline ends
 * every wait of the operation (a plugin request's customTimeouts, or a cancel), and a progress sink
 * takes the operation's progress lines instead of stdout.
 */
import { cancel, currentOperation, runOperation, type Operation } from "../../provider/common/operation";
import { poll, pollOrThrow } from "../../provider/common/poll";
import { progressFor } from "../../provider/common/progress";

describe("operation deadline", () => {
  it("ends a wait whose own timeout is far longer, and says what ended it", async () => {
    const started = Date.now();
    let steps = 0;
    const op: Operation = { deadline: Date.now() + 300, deadlineSource: "the operation's timeout (customTimeouts, 0.3 s)" };
    const err: any = await runOperation(op, () =>
      pollOrThrow({ what: "the service to converge", step: async () => (steps++, { done: false, status: "1/3 running" }), timeoutMs: 300_000, intervalMs: 50 }),
    ).catch((e) => e);
    const took = Date.now() - started;
    expect(err.code).toBe("WAIT_TIMEOUT");
    expect(err.message).toBe(
      "timed out waiting for the service to converge, the limit set by the operation's timeout (customTimeouts, 0.3 s) (last seen: 1/3 running)",
    );
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(5000);
    expect(steps).toBeGreaterThan(1);
  });

  it("a deadline already past still lets the wait look once", async () => {
    let steps = 0;
    const r = await runOperation({ deadline: Date.now() - 1 }, () => poll({ what: "x", step: async () => (steps++, { done: true, value: 7, status: "ok" }), timeoutMs: 1000 }));
    expect(r).toEqual({ ok: true, value: 7, status: "ok" });
    expect(steps).toBe(1);
  });

  it("a wait's own shorter timeout still applies, and its message is unchanged", async () => {
    const err: any = await runOperation({ deadline: Date.now() + 60_000 }, () =>
      pollOrThrow({ what: "x", step: async () => ({ done: false, status: "s" }), timeoutMs: 100, intervalMs: 20 }),
    ).catch((e) => e);
    expect(err.message).toBe("timed out after 0 s waiting for x (last seen: s)");
  });

  it("cancel() ends the waits of a running operation at their next check", async () => {
    const op: Operation = {};
    const wait = runOperation(op, () => poll({ what: "x", step: async () => ({ done: false, status: "waiting" }), timeoutMs: 600_000, intervalMs: 20 }));
    setTimeout(() => cancel(op), 100);
    const r = await wait;
    expect(r).toMatchObject({ ok: false, endedBy: "the operation was cancelled" });
    expect(op.cancelled).toBe(true);
  });

  it("outside an operation there is no deadline", async () => {
    expect(currentOperation()).toBeUndefined();
    await runOperation({ deadline: Date.now() + 10_000 }, async () => {
      expect(currentOperation()?.deadline).toBeGreaterThan(Date.now() + 9000);
      // Carried through awaits and timers.
      await new Promise((r) => setTimeout(r, 10));
      expect(currentOperation()?.deadline).toBeDefined();
    });
  });
});

describe("progress sink", () => {
  it("gets the operation's progress lines (redacted, prefixed) instead of stdout", async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await runOperation({ sink: (l) => lines.push(l) }, async () => {
        progressFor("web", "swarm-service")("joining with SWMTKN-1-abc-def");
      });
      expect(lines).toEqual(["[swarm-service web] joining with SWMTKN-1-[redacted]"]);
      expect(write).not.toHaveBeenCalled();
      progressFor("web", "swarm-service")("outside");
      expect(write).toHaveBeenCalledWith("[swarm-service web] outside\n");
    } finally {
      write.mockRestore();
    }
  });
});
