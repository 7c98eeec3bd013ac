import { describe, expect, it } from "vitest";
import { callProgress, STALE_CALL_MS } from "./call-progress";

const NOW = new Date("2026-12-05T16:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const call = (over: Partial<Parameters<typeof callProgress>[0]>) => ({
  status: "ended",
  statusAt: ago(60_000),
  lastEventAt: ago(60_000),
  summary: null,
  messageCount: 0,
  durationSeconds: null,
  ...over,
});

describe("a call's row in the timeline", () => {
  it("never shows 'Queued' when no provider reported a status (the stored default)", () => {
    const neverReported = call({
      status: "queued",
      statusAt: null,
      lastEventAt: ago(3 * 3600_000),
    });
    const progress = callProgress(neverReported, NOW);
    expect(progress.badge?.text).not.toBe("Queued");
    expect(progress.badge).toEqual({ tone: "zinc", text: "End not reported" });
    expect(progress.note).toContain("end-of-call-report");
  });

  it("shows a reported status while it is fresh, and 'end not reported' once it has gone stale", () => {
    const ringing = call({ status: "ringing", statusAt: ago(10_000), lastEventAt: ago(10_000) });
    expect(callProgress(ringing, NOW).badge).toEqual({ tone: "amber", text: "Ringing" });
    const old = ago(STALE_CALL_MS + 1);
    const stuck = callProgress({ ...ringing, statusAt: old, lastEventAt: old }, NOW);
    expect(stuck.badge).toEqual({ tone: "zinc", text: "End not reported" });
    expect(stuck.note).toContain("Last reported “ringing”");
  });

  it("says something useful for an ended call without words, and nothing extra otherwise", () => {
    expect(callProgress(call({}), NOW)).toEqual({
      badge: null,
      note: "The call ended before anyone spoke: nothing was added to memory.",
    });
    expect(callProgress(call({ durationSeconds: 12 }), NOW).note).toBe(
      "No words were recorded on this call: nothing was added to memory.",
    );
    expect(callProgress(call({ summary: "Booked a viewing.", messageCount: 4 }), NOW)).toEqual({
      badge: null,
      note: null,
    });
  });
});
