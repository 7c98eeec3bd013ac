import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMPONENT_STATUSES } from "@/db/schema/health";
import { computeHealth, levelStatus, rateStatus, type Signals } from "./compute";
import { ASSISTANT_REQUEST, PROCESSING, THRESHOLDS } from "./thresholds";

const quiet: Signals = {
  connected: { twilio: true, vapi: true },
  phone: { total: 0, bad: 0 },
  sms: { total: 0, bad: 0 },
  vapi: { total: 0, bad: 0 },
  endedReasons: [],
  refused: { twilio: 0, vapi: 0 },
  answers: { answered: 0, failed: 0, slow: 0, maxMs: 0 },
  processing: { oldestWaitingSeconds: null, failed: 0 },
  credentials: [],
};

const statusOf = (s: Signals, component: string) =>
  computeHealth(s).find((c) => c.component === component)!;

describe("rateStatus", () => {
  const t = THRESHOLDS.agent;
  it("stays operational below the minimum number of events, whatever they say", () => {
    expect(rateStatus({ total: t.minEvents - 1, bad: t.minEvents - 1 }, t)).toBe("operational");
  });
  it("steps through the levels at exactly their thresholds", () => {
    expect(rateStatus({ total: 100, bad: 9 }, t)).toBe("operational");
    expect(rateStatus({ total: 100, bad: 10 }, t)).toBe("degraded_performance");
    expect(rateStatus({ total: 100, bad: 25 }, t)).toBe("partial_outage");
    expect(rateStatus({ total: 100, bad: 50 }, t)).toBe("major_outage");
  });
  it("never gets better when more of the same number of events fail", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.nat(), (total, extra) => {
        const bad = total === 0 ? 0 : extra % (total + 1);
        const worse = Math.min(total, bad + 1);
        const rank = (b: number) => COMPONENT_STATUSES.indexOf(rateStatus({ total, bad: b }, t));
        expect(rank(worse)).toBeGreaterThanOrEqual(rank(bad));
      }),
    );
  });
});

describe("levelStatus", () => {
  it("reads the processing lag levels", () => {
    expect(levelStatus(59, PROCESSING.lagSeconds)).toBe("operational");
    expect(levelStatus(60, PROCESSING.lagSeconds)).toBe("degraded_performance");
    expect(levelStatus(900, PROCESSING.lagSeconds)).toBe("major_outage");
  });
});

describe("computeHealth", () => {
  it("calls a quiet org operational, and says so in words", () => {
    const health = computeHealth(quiet);
    expect(health.map((c) => c.status)).toEqual(Array(7).fill("operational"));
    expect(statusOf(quiet, "phone").reason).toBe("No voice callbacks in the last 15 minutes.");
    expect(statusOf(quiet, "credentials").reason).toBe("Not checked yet.");
  });

  it("marks the channels that are not connected as not applicable", () => {
    const health = computeHealth({ ...quiet, connected: { twilio: false, vapi: false } });
    expect(health.filter((c) => c.applicable).map((c) => c.component)).toEqual(["processing"]);
  });

  it("puts the agent in major outage when most calls end with assistant-request-failed", () => {
    const agent = statusOf(
      {
        ...quiet,
        endedReasons: [
          { reason: "assistant-request-failed", count: 4 },
          { reason: "customer-ended-call", count: 1 },
        ],
      },
      "agent",
    );
    expect(agent.status).toBe("major_outage");
    expect(agent.reason).toBe(
      "4 of 5 calls in the last 15 minutes ended because the agent could not answer (assistant-request-failed).",
    );
  });

  it("counts provider faults and pipeline errors against the AI providers, not the agent", () => {
    const s: Signals = {
      ...quiet,
      endedReasons: [
        { reason: "call.in-progress.error-vapifault-openai-llm-failed", count: 0 },
        { reason: "pipeline-error-openai-llm-failed", count: 1 },
        { reason: "call.in-progress.error-providerfault-deepgram-transcriber-failed", count: 1 },
        { reason: "customer-ended-call", count: 18 },
      ],
    };
    expect(statusOf(s, "ai_providers").status).toBe("degraded_performance");
    expect(statusOf(s, "agent").status).toBe("operational");
  });

  it("tells refused credentials (major outage) from an unreachable provider (degraded)", () => {
    const refused = statusOf(
      {
        ...quiet,
        credentials: [
          { provider: "twilio", outcome: "rejected", detail: "Twilio refused the credentials." },
          { provider: "vapi", outcome: "ok", detail: "VAPI accepted the API key." },
        ],
      },
      "credentials",
    );
    expect(refused).toMatchObject({
      status: "major_outage",
      reason: "Twilio refused the credentials.",
    });
    const unreachable = statusOf(
      {
        ...quiet,
        credentials: [{ provider: "vapi", outcome: "unreachable", detail: "VAPI did not answer." }],
      },
      "credentials",
    );
    expect(unreachable.status).toBe("degraded_performance");
  });

  it("reads processing from the oldest waiting event and the failures", () => {
    const p = statusOf(
      { ...quiet, processing: { oldestWaitingSeconds: 400, failed: 1 } },
      "processing",
    );
    expect(p.status).toBe("partial_outage");
    expect(p.reason).toBe(
      "The oldest event has waited 7 min to be processed; 1 event failed in the last 15 minutes.",
    );
  });
});

describe("refused signatures and assistant-request answers", () => {
  it("count refused requests as failed callbacks of their channel", () => {
    const s = { ...quiet, refused: { twilio: 4, vapi: 0 } };
    expect(statusOf(s, "phone").status).toBe("major_outage");
    expect(statusOf(s, "phone").reason).toMatch(/^4 requests with a bad signature were refused/);
    expect(statusOf(s, "sms").status).toBe("operational");
    expect(statusOf({ ...quiet, refused: { twilio: 0, vapi: 1 } }, "vapi").status).toBe(
      "operational",
    );
  });

  it("put the agent in outage when assistant-requests fail, by ASSISTANT_REQUEST's rates", () => {
    const answers = { answered: 10, failed: 5, slow: 0, maxMs: 300 };
    const agent = statusOf({ ...quiet, answers }, "agent");
    expect(agent.status).toBe("major_outage");
    expect(agent.reason).toMatch(/^5 of 10 assistant requests failed/);
  });

  it("make the agent degraded at worst when answers are only slow", () => {
    const answers = { answered: 10, failed: 0, slow: 10, maxMs: 9_000 };
    expect(statusOf({ ...quiet, answers }, "agent").status).toBe("degraded_performance");
    const few = { answered: ASSISTANT_REQUEST.minEvents - 1, failed: 2, slow: 2, maxMs: 9_000 };
    expect(statusOf({ ...quiet, answers: few }, "agent").status).toBe("operational");
  });

  it("keep the worse of how calls ended and how they were answered", () => {
    const endedReasons = [{ reason: "assistant-request-failed", count: 10 }];
    const answers = { answered: 10, failed: 1, slow: 0, maxMs: 100 };
    expect(statusOf({ ...quiet, endedReasons, answers }, "agent").status).toBe("major_outage");
  });
});
