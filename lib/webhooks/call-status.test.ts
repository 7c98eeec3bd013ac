import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as twilio from "@/test/fixtures/twilio";
import * as vapi from "@/test/fixtures/vapi";
import {
  CALL_STATUS_RANK,
  mapTwilioCallStatus,
  mapVapiStatus,
  mergeCall,
  type CallState,
} from "./call-status";
import { CALL_STATUSES, type CallFacts, type ParseResult, type TranscriptTurn } from "./facts";
import { parseTwilioCallStatus, parseTwilioVoice } from "./twilio-params";
import { parseVapiMessage } from "./vapi-message";

function callOf(result: ParseResult): CallFacts {
  if (!result.ok) throw new Error(result.reason);
  if (!result.facts.call) throw new Error(`${result.facts.kind} has no call facts`);
  return result.facts.call;
}

const fold = (events: CallFacts[], from: CallState = {}) => events.reduce(mergeCall, from);

// Everything both providers say about the fixture call, in the order it happened.
const EVENTS: CallFacts[] = [
  callOf(parseTwilioCallStatus(twilio.callStatusCallback("initiated"))),
  callOf(parseTwilioVoice(twilio.voiceWebhook())),
  callOf(parseVapiMessage(vapi.statusUpdate("queued"))),
  callOf(parseVapiMessage(vapi.assistantRequest())),
  callOf(parseTwilioCallStatus(twilio.callStatusCallback("ringing"))),
  callOf(parseVapiMessage(vapi.statusUpdate("ringing"))),
  callOf(parseTwilioCallStatus(twilio.callStatusCallback("in-progress"))),
  callOf(parseVapiMessage(vapi.statusUpdate("in-progress"))),
  callOf(parseVapiMessage(vapi.conversationUpdate(2))),
  callOf(parseVapiMessage(vapi.speechUpdate("user", "started"))),
  callOf(parseVapiMessage(vapi.transcript("user", "It's more like a puddle.", "final"))),
  callOf(parseVapiMessage(vapi.conversationUpdate(8))),
  callOf(parseVapiMessage(vapi.userInterrupted())),
  callOf(parseVapiMessage(vapi.toolCalls())),
  callOf(parseVapiMessage(vapi.hang())),
  callOf(parseVapiMessage(vapi.conversationUpdate(24))),
  callOf(parseVapiMessage(vapi.conversationUpdate(35))),
  callOf(parseVapiMessage(vapi.statusUpdate("ended"))),
  callOf(parseTwilioCallStatus(twilio.callStatusCallback("completed"))),
  callOf(parseVapiMessage(vapi.endOfCallReport())),
];
const IN_ORDER = fold(EVENTS);
const permutations = fc.shuffledSubarray(EVENTS, {
  minLength: EVENTS.length,
  maxLength: EVENTS.length,
});

describe("status mapping", () => {
  it.each([
    ["queued", "queued"],
    ["initiated", "queued"],
    ["ringing", "ringing"],
    ["in-progress", "in-progress"],
    ["answered", "in-progress"],
    ["completed", "ended"],
    ["busy", "ended"],
    ["failed", "ended"],
    ["no-answer", "ended"],
    ["canceled", "ended"],
    ["Completed ", "ended"],
    ["paused", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("Twilio %j → %j", (twilioStatus, expected) => {
    expect(mapTwilioCallStatus(twilioStatus)).toBe(expected);
  });

  it.each([
    ["scheduled", "queued"],
    ["queued", "queued"],
    ["ringing", "ringing"],
    ["in-progress", "in-progress"],
    ["forwarding", "forwarding"],
    ["ended", "ended"],
    ["not-found", undefined],
    ["deletion-failed", undefined],
    [undefined, undefined],
  ])("VAPI %j → %j", (vapiStatus, expected) => {
    expect(mapVapiStatus(vapiStatus)).toBe(expected);
  });

  it("ranks statuses in lifecycle order", () => {
    const ranks = CALL_STATUSES.map((s) => CALL_STATUS_RANK[s]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(CALL_STATUSES.length);
  });
});

describe("mergeCall on the fixture call", () => {
  it("ends in the state both providers describe", () => {
    const transcript = callOf(parseVapiMessage(vapi.endOfCallReport())).transcript!;
    expect(IN_ORDER).toEqual({
      vapiCallId: vapi.VAPI_IDS.callId,
      twilioCallSid: twilio.TWILIO_IDS.callSid,
      direction: "inbound",
      status: "ended",
      // Twilio's completed callback wins the tie among "ended" events by its SequenceNumber.
      sequence: 3,
      statusAt: new Date(twilio.CALL_STARTED_AT + 280_000),
      // VAPI's reason replaces Twilio's bare "completed".
      endedReason: "customer-ended-call",
      startedAt: new Date(vapi.VAPI_STARTED_AT),
      endedAt: new Date(vapi.VAPI_ENDED_AT),
      durationSeconds: twilio.CALL_DURATION_SECONDS,
      cost: 0.4271,
      costBreakdown: expect.objectContaining({ total: 0.4271 }),
      recordingUrl: vapi.RECORDING_URL,
      summary: vapi.SUMMARY,
      structuredData: vapi.STRUCTURED_DATA,
      successEvaluation: "true",
      transcript,
    });
    expect(IN_ORDER).not.toHaveProperty("from");
    expect(IN_ORDER).not.toHaveProperty("to");
  });

  it("reaches the same state whatever order the events arrive in", () => {
    fc.assert(
      fc.property(permutations, (events) => {
        expect(fold(events)).toEqual(IN_ORDER);
      }),
      { numRuns: 500 },
    );
  });

  it("is idempotent: redelivered events change nothing", () => {
    const withRedeliveries = fc
      .tuple(permutations, fc.array(fc.nat(EVENTS.length - 1), { maxLength: 15 }))
      .map(([events, repeats]) => {
        const out = [...events];
        for (const i of repeats) out.splice((i * 7) % (out.length + 1), 0, EVENTS[i]!);
        return out;
      });
    fc.assert(
      fc.property(withRedeliveries, (events) => {
        expect(fold(events)).toEqual(IN_ORDER);
      }),
      { numRuns: 300 },
    );
    for (const [i, event] of EVENTS.entries()) {
      const state = fold(EVENTS.slice(0, i));
      expect(mergeCall(mergeCall(state, event), event)).toEqual(mergeCall(state, event));
    }
  });

  it("never moves a call backwards and never clears a field, in any order", () => {
    fc.assert(
      fc.property(permutations, (events) => {
        let state: CallState = {};
        for (const event of events) {
          const next = mergeCall(state, event);
          if (state.status) {
            expect(CALL_STATUS_RANK[next.status!]).toBeGreaterThanOrEqual(
              CALL_STATUS_RANK[state.status],
            );
          }
          if (state.status === "ended") expect(next.status).toBe("ended");
          for (const key of Object.keys(state)) {
            // statusAt and sequence describe the current status: a newer status without them
            // (Twilio's voice webhook has no Timestamp) must not inherit the old one's.
            if ((key === "statusAt" || key === "sequence") && next.status !== state.status)
              continue;
            expect(next).toHaveProperty(key);
          }
          state = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("mergeCall rules", () => {
  const t = (iso: string) => new Date(iso);

  it("keeps an ended call ended when a late in-progress arrives", () => {
    const ended = mergeCall({}, { status: "ended", statusAt: t("2025-03-04T17:16:41Z") });
    const late = mergeCall(ended, { status: "in-progress", statusAt: t("2025-03-04T17:20:00Z") });
    expect(late.status).toBe("ended");
    expect(late.statusAt).toEqual(t("2025-03-04T17:16:41Z"));
  });

  it("breaks ties on status by Twilio's sequence, then by time", () => {
    const a: CallFacts = { status: "queued", sequence: 0, statusAt: t("2025-03-04T17:12:05Z") };
    const b: CallFacts = { status: "queued", sequence: 1, statusAt: t("2025-03-04T17:12:01Z") };
    expect(mergeCall(mergeCall({}, a), b)).toMatchObject({ sequence: 1, statusAt: b.statusAt });
    expect(mergeCall(mergeCall({}, b), a)).toMatchObject({ sequence: 1, statusAt: b.statusAt });
    const c: CallFacts = { status: "ringing", statusAt: t("2025-03-04T17:12:02Z") };
    const d: CallFacts = { status: "ringing", statusAt: t("2025-03-04T17:12:03Z") };
    expect(mergeCall(mergeCall({}, d), c).statusAt).toEqual(d.statusAt);
  });

  it("lets a longer transcript replace a shorter one, never the reverse", () => {
    const short = callOf(parseVapiMessage(vapi.conversationUpdate(4))).transcript!;
    const full = callOf(parseVapiMessage(vapi.endOfCallReport())).transcript!;
    expect(mergeCall({ transcript: short }, { transcript: full }).transcript).toBe(full);
    expect(mergeCall({ transcript: full }, { transcript: short }).transcript).toBe(full);
  });

  it("lets a later, richer end-of-call-report win over a first one", () => {
    const first = callOf(parseVapiMessage(vapi.legacyEndOfCallReport()));
    const richer = callOf(parseVapiMessage(vapi.endOfCallReport()));
    const state = fold([first, richer]);
    expect(state.transcript).toHaveLength(richer.transcript!.length);
    expect(state.structuredData).toEqual(vapi.STRUCTURED_DATA);
    expect(state.costBreakdown).toEqual(richer.costBreakdown);
  });

  it("never clears a field with an event that lacks it", () => {
    const state = mergeCall({}, callOf(parseVapiMessage(vapi.endOfCallReport())));
    const after = mergeCall(state, callOf(parseVapiMessage(vapi.hang())));
    expect(after).toEqual(state);
  });

  it("keeps Twilio's terminal status as the reason only while VAPI has not given one", () => {
    const noAnswer = callOf(
      parseTwilioCallStatus(twilio.callStatusCallback("no-answer", { CallDuration: "0" })),
    );
    expect(mergeCall({}, noAnswer).endedReason).toBe("no-answer");
    const vapiEnded: CallFacts = { status: "ended", endedReason: "customer-did-not-answer" };
    expect(fold([noAnswer, vapiEnded]).endedReason).toBe("customer-did-not-answer");
    expect(fold([vapiEnded, noAnswer]).endedReason).toBe("customer-did-not-answer");
  });

  it("keeps the largest cost and duration (mid-call snapshots are partial)", () => {
    expect(
      fold([
        { cost: 0.42, durationSeconds: 278 },
        { cost: 0.05, durationSeconds: 30 },
      ]),
    ).toEqual({ cost: 0.42, durationSeconds: 278 });
  });

  it("is a join on arbitrary facts: order and repetition never matter", () => {
    const date = fc.date({
      min: new Date("2025-01-01T00:00:00Z"),
      max: new Date("2025-12-31T00:00:00Z"),
      noInvalidDate: true,
    });
    const turn: fc.Arbitrary<TranscriptTurn> = fc.record(
      {
        role: fc.constantFrom("user", "assistant", "system", "tool"),
        content: fc.string({ minLength: 1, maxLength: 8 }),
        at: date,
        secondsFromStart: fc.nat(600),
      },
      { requiredKeys: ["role", "content"] },
    );
    const facts: fc.Arbitrary<CallFacts> = fc.record(
      {
        vapiCallId: fc.constantFrom("a", "b"),
        twilioCallSid: fc.constantFrom("CA1", "CA2"),
        direction: fc.constantFrom("inbound", "outbound"),
        status: fc.constantFrom(...CALL_STATUSES),
        sequence: fc.nat(4),
        statusAt: date,
        startedAt: date,
        endedAt: date,
        durationSeconds: fc.nat(900),
        endedReason: fc.constantFrom(
          "completed",
          "busy",
          "customer-ended-call",
          "silence-timed-out",
        ),
        cost: fc.double({ min: 0, max: 5, noNaN: true }),
        costBreakdown: fc.dictionary(fc.constantFrom("llm", "tts", "stt"), fc.nat(9)),
        recordingUrl: fc.webUrl(),
        summary: fc.string({ maxLength: 12 }),
        structuredData: fc.dictionary(
          fc.constantFrom("name", "issue", "x"),
          fc.string({ maxLength: 4 }),
        ),
        successEvaluation: fc.constantFrom("true", "false", "8"),
        transcript: fc.array(turn, { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 8 }), fc.nat(), (events, seed) => {
        const shuffled = [...events].sort(
          (a, b) => hash(a, seed) - hash(b, seed) || events.indexOf(a) - events.indexOf(b),
        );
        const doubled = events.flatMap((e, i) => (i % 2 === 0 ? [e, e] : [e]));
        const expected = fold(events);
        expect(fold(shuffled)).toEqual(expected);
        expect(fold(doubled)).toEqual(expected);
        expect(fold(events, expected)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

function hash(value: unknown, seed: number): number {
  let h = seed | 0;
  for (const ch of JSON.stringify(value)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
