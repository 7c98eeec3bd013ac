import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as t from "@/test/fixtures/twilio";
import type { EventFacts, ParseResult } from "./facts";
import {
  parseTwilioCallStatus,
  parseTwilioSms,
  parseTwilioSmsStatus,
  parseTwilioVoice,
} from "./twilio-params";

const { callSid, messageSid, outboundMessageSid, customerNumber, businessNumber } = t.TWILIO_IDS;

function facts(result: ParseResult): EventFacts {
  if (!result.ok) throw new Error(result.reason);
  return result.facts;
}

describe("parseTwilioVoice", () => {
  it("reads the incoming call", () => {
    expect(facts(parseTwilioVoice(t.voiceWebhook()))).toEqual({
      provider: "twilio",
      kind: "voice",
      eventKey: `${callSid}:voice`,
      call: {
        twilioCallSid: callSid,
        direction: "inbound",
        from: customerNumber,
        to: businessNumber,
        status: "ringing",
      },
    });
  });

  it("keeps a withheld caller as Twilio sent it (the job normalises numbers)", () => {
    expect(facts(parseTwilioVoice(t.voiceWebhook({ From: "anonymous" }))).call?.from).toBe(
      "anonymous",
    );
    expect(facts(parseTwilioVoice(t.voiceWebhook({ From: "" }))).call?.from).toBe("");
  });

  it.each([
    ["outbound-api", "outbound"],
    ["outbound-dial", "outbound"],
    ["inbound", "inbound"],
    ["sideways", undefined],
  ])("Direction %s → %s", (direction, expected) => {
    expect(facts(parseTwilioVoice(t.voiceWebhook({ Direction: direction }))).call?.direction).toBe(
      expected,
    );
  });

  it.each([
    [{ CallSid: undefined }, "missing CallSid"],
    [{ CallSid: "  " }, "missing CallSid"],
    [{ From: undefined }, "missing From"],
    [{ To: undefined }, "missing To"],
    [{ CallSid: undefined, To: undefined }, "missing CallSid, missing To"],
  ])("rejects %j: %s", (overrides, reason) => {
    expect(parseTwilioVoice(t.voiceWebhook(overrides))).toEqual({ ok: false, reason });
  });
});

describe("parseTwilioCallStatus", () => {
  const sequence = t.callStatusSequence().map((params) => facts(parseTwilioCallStatus(params)));

  it("reads the four callbacks of the answered call, SequenceNumber 0..3", () => {
    expect(sequence.map((f) => f.call?.status)).toEqual([
      "queued",
      "ringing",
      "in-progress",
      "ended",
    ]);
    expect(sequence.map((f) => f.call?.sequence)).toEqual([0, 1, 2, 3]);
    expect(sequence.map((f) => f.eventKey)).toEqual([
      `${callSid}:initiated:0`,
      `${callSid}:ringing:1`,
      `${callSid}:in-progress:2`,
      `${callSid}:completed:3`,
    ]);
    for (const f of sequence) expect(f.kind).toBe("call-status");
  });

  it("reads Timestamp (RFC 2822) as the status time", () => {
    expect(sequence[0]!.call?.statusAt).toEqual(new Date(t.CALL_STARTED_AT));
    expect(sequence[2]!.call).toMatchObject({
      statusAt: new Date(t.CALL_STARTED_AT + 2000),
      startedAt: new Date(t.CALL_STARTED_AT + 2000),
    });
  });

  it("ends the call with CallDuration in seconds and the Twilio status as reason", () => {
    expect(sequence[3]!.call).toEqual({
      twilioCallSid: callSid,
      direction: "inbound",
      from: customerNumber,
      to: businessNumber,
      status: "ended",
      sequence: 3,
      statusAt: new Date(t.CALL_STARTED_AT + 280_000),
      endedAt: new Date(t.CALL_STARTED_AT + 280_000),
      endedReason: "completed",
      durationSeconds: t.CALL_DURATION_SECONDS,
    });
  });

  it.each(["busy", "no-answer", "failed", "canceled"] as const)("%s ends the call", (status) => {
    const call = facts(parseTwilioCallStatus(t.callStatusCallback(status))).call;
    expect(call).toMatchObject({ status: "ended", endedReason: status });
  });

  it("keys the event on signed parameters only (the idempotency header is not signed)", () => {
    const params = t.callStatusCallback("completed");
    expect(facts(parseTwilioCallStatus(params)).eventKey).toBe(`${callSid}:completed:3`);
  });

  it("keeps a recording URL when the callback has one", () => {
    const url = `https://api.twilio.com/2010-04-01/Accounts/${t.TWILIO_IDS.accountSid}/Recordings/RE1f2e3d4c5b6a79881f2e3d4c5b6a7988`;
    const call = facts(
      parseTwilioCallStatus(t.callStatusCallback("completed", { RecordingUrl: url })),
    ).call;
    expect(call?.recordingUrl).toBe(url);
  });

  it.each([
    [{ CallSid: undefined }, "missing CallSid"],
    [{ CallStatus: undefined }, "missing CallStatus"],
    [{ CallSid: undefined, CallStatus: undefined }, "missing CallSid, missing CallStatus"],
    [{ CallStatus: "teleported" }, 'unknown CallStatus "teleported"'],
  ])("rejects %j: %s", (overrides, reason) => {
    expect(parseTwilioCallStatus(t.callStatusCallback("ringing", overrides))).toEqual({
      ok: false,
      reason,
    });
  });

  it("reads Twilio's price, positive, when the callback carries one", () => {
    const priced = (over: Record<string, string>) =>
      facts(parseTwilioCallStatus(t.callStatusCallback("completed", over))).call?.twilioPrice;
    expect(priced({ Price: "-0.00850", PriceUnit: "USD" })).toEqual({
      amount: 0.0085,
      unit: "USD",
    });
    expect(priced({ Price: "-0.012", PriceUnit: "eur" })).toEqual({ amount: 0.012, unit: "EUR" });
    // Not rated yet, or nothing readable: no price rather than a wrong one.
    expect(priced({ Price: "" })).toBeUndefined();
    expect(priced({ Price: "free", PriceUnit: "USD" })).toBeUndefined();
    expect(priced({ Price: "-0.01", PriceUnit: "dollars" })).toBeUndefined();
    const sms = facts(
      parseTwilioSmsStatus(
        t.smsStatusCallback("delivered", { Price: "-0.0079", PriceUnit: "USD" }),
      ),
    ).sms;
    expect(sms?.twilioPrice).toEqual({ amount: 0.0079, unit: "USD" });
  });

  it("ignores a Timestamp or SequenceNumber it cannot read", () => {
    const call = facts(
      parseTwilioCallStatus(
        t.callStatusCallback("ringing", { Timestamp: "yesterday-ish", SequenceNumber: "x" }),
      ),
    ).call;
    expect(call?.statusAt).toBeUndefined();
    expect(call?.sequence).toBeUndefined();
  });
});

describe("parseTwilioSms", () => {
  it("reads the incoming text", () => {
    expect(facts(parseTwilioSms(t.incomingSms()))).toEqual({
      provider: "twilio",
      kind: "sms",
      eventKey: `${messageSid}:sms`,
      sms: {
        messageSid,
        direction: "inbound",
        from: customerNumber,
        to: businessNumber,
        body: "Hi, it's Dana again - can the plumber come Thursday before 10 instead?",
        status: "received",
      },
    });
  });

  it("keeps the body exactly, and keys the event on its MessageSid", () => {
    const body = "  Ligne 1\nLigne 2 🚿  ";
    const params = t.incomingSms({ Body: body });
    const f = facts(parseTwilioSms(params));
    expect(f.sms?.body).toBe(body);
    expect(f.eventKey).toBe(`${params.MessageSid}:sms`);
  });

  it("falls back to SmsMessageSid / SmsSid for the message id", () => {
    const f = facts(parseTwilioSms(t.incomingSms({ MessageSid: undefined })));
    expect(f.sms?.messageSid).toBe(messageSid);
    const g = facts(
      parseTwilioSms(t.incomingSms({ MessageSid: undefined, SmsMessageSid: undefined })),
    );
    expect(g.eventKey).toBe(`${messageSid}:sms`);
  });

  it.each([
    [{ MessageSid: undefined, SmsMessageSid: undefined, SmsSid: undefined }, "missing MessageSid"],
    [{ From: undefined }, "missing From"],
    [{ To: undefined }, "missing To"],
  ])("rejects %j: %s", (overrides, reason) => {
    expect(parseTwilioSms(t.incomingSms(overrides))).toEqual({ ok: false, reason });
  });
});

describe("parseTwilioSmsStatus", () => {
  it.each(["queued", "sending", "sent", "delivered", "undelivered", "failed", "read"] as const)(
    "reads %s for our reply",
    (status) => {
      expect(facts(parseTwilioSmsStatus(t.smsStatusCallback(status)))).toEqual({
        provider: "twilio",
        kind: "sms-status",
        eventKey: `${outboundMessageSid}:${status}`,
        sms: {
          messageSid: outboundMessageSid,
          direction: "outbound",
          from: businessNumber,
          to: customerNumber,
          status,
        },
      });
    },
  );

  it("keys the event on MessageSid and status, and reads SmsStatus when MessageStatus is absent", () => {
    const params = t.smsStatusCallback("delivered", { MessageStatus: undefined });
    const f = facts(parseTwilioSmsStatus(params));
    expect(f.eventKey).toBe(`${params.MessageSid}:delivered`);
    expect(f.sms?.status).toBe("delivered");
  });

  it("still reads a callback without From/To (the message is found by its SID)", () => {
    const f = facts(
      parseTwilioSmsStatus(t.smsStatusCallback("sent", { From: undefined, To: undefined })),
    );
    expect(f.sms).toMatchObject({
      messageSid: outboundMessageSid,
      from: "",
      to: "",
      status: "sent",
    });
  });

  it.each([
    [{ MessageSid: undefined, SmsSid: undefined }, "missing MessageSid"],
    [{ MessageStatus: undefined, SmsStatus: undefined }, "missing MessageStatus"],
  ])("rejects %j: %s", (overrides, reason) => {
    expect(parseTwilioSmsStatus(t.smsStatusCallback("sent", overrides))).toEqual({
      ok: false,
      reason,
    });
  });
});

describe("Twilio parsers never throw", () => {
  const names = fc.constantFrom(
    "CallSid",
    "From",
    "To",
    "CallStatus",
    "Direction",
    "SequenceNumber",
    "Timestamp",
    "CallDuration",
    "MessageSid",
    "SmsSid",
    "SmsMessageSid",
    "MessageStatus",
    "SmsStatus",
    "Body",
    "RecordingUrl",
  );
  const params = fc.oneof(
    fc.dictionary(fc.oneof(names, fc.string()), fc.string()),
    fc.constantFrom(
      t.voiceWebhook(),
      t.callStatusCallback("completed"),
      t.incomingSms(),
      t.smsStatusCallback("failed"),
    ),
  );

  it("on arbitrary parameters, and keys are non-empty", () => {
    fc.assert(
      fc.property(params, (p) => {
        for (const result of [
          parseTwilioVoice(p),
          parseTwilioCallStatus(p),
          parseTwilioSms(p),
          parseTwilioSmsStatus(p),
        ]) {
          if (result.ok) expect(result.facts.eventKey.trim().length).toBeGreaterThan(0);
          else expect(result.reason).toMatch(/^(missing |unknown |no parameters)/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("on something that is not parameters at all", () => {
    for (const bad of [null, undefined, "CallSid=CA1", 42]) {
      const p = bad as unknown as Record<string, string>;
      expect(parseTwilioVoice(p).ok).toBe(false);
      expect(parseTwilioCallStatus(p).ok).toBe(false);
      expect(parseTwilioSms(p).ok).toBe(false);
      expect(parseTwilioSmsStatus(p).ok).toBe(false);
    }
  });
});
