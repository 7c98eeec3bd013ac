import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assistantRequest,
  conversationUpdate,
  endOfCallReport,
  hang,
  legacyEndOfCallReport,
  modelOutput,
  phoneCallControl,
  speechUpdate,
  statusUpdate,
  toolCalls,
  transcript,
  transferDestinationRequest,
  userInterrupted,
} from "@/test/fixtures/vapi";
import type { ParseResult } from "./facts";
import { parseStoredVapiEvent, vapiAdapter } from "./vapi-adapter";
import { readVapiReceipt } from "./vapi-receipt";

// The receipt's quick read must give what the full parse gives for everything the receiver uses:
// accepted or not, the kind, the event key, and the call ids (the job's order key).

// The full parse is what a stored event is read again with.
const fullParse = (rawBody: string): ParseResult => parseStoredVapiEvent({ kind: "", rawBody });

const identity = (result: ParseResult) =>
  result.ok
    ? {
        kind: result.facts.kind,
        eventKey: result.facts.eventKey,
        vapiCallId: result.facts.call?.vapiCallId,
        twilioCallSid: result.facts.call?.twilioCallSid,
      }
    : { rejected: result.reason };

const FIXTURES = [
  statusUpdate("in-progress"),
  statusUpdate("ended"),
  endOfCallReport(),
  legacyEndOfCallReport(),
  conversationUpdate(),
  transcript(),
  hang(),
  speechUpdate(),
  userInterrupted(),
  phoneCallControl(),
  modelOutput(),
  assistantRequest(),
  toolCalls(),
  transferDestinationRequest(),
];

describe("reading a VAPI message on receipt", () => {
  it.each(FIXTURES.map((body) => [(body.message as { type: string }).type, body] as const))(
    "gives a %s the kind, key and call ids of the full parse",
    (_, body) => {
      const rawBody = JSON.stringify(body);
      expect(identity(vapiAdapter.parse(rawBody, new Headers()))).toStrictEqual(
        identity(fullParse(rawBody)),
      );
    },
  );

  it("reads the everyday messages quickly, and leaves the rest to the full parse", () => {
    expect(readVapiReceipt(JSON.stringify(endOfCallReport()))).not.toBeNull();
    expect(readVapiReceipt(JSON.stringify(statusUpdate("ringing")))).not.toBeNull();
    const report = endOfCallReport();
    const message = report.message as Record<string, unknown>;
    const deep = JSON.parse(`${"[".repeat(300)}${"]".repeat(300)}`) as unknown;
    const undecided = [
      "{",
      "[]",
      JSON.stringify({ message: { type: "" } }),
      JSON.stringify({ message: "status-update" }),
      // A NUL (or \b, \f, a lone surrogate) the full parse strips.
      JSON.stringify({ ...report, message: { ...message, status: "a\u0000b" } }),
      JSON.stringify({ ...report, message: { ...message, status: "a\bb" } }),
      JSON.stringify({ ...report, message: { ...message, nested: deep } }),
      `{"__proto__":{"x":1},"message":${JSON.stringify(message)}}`,
      // A timestamp too large for a number (Infinity), and none at all: the key hashes the message.
      JSON.stringify({ ...report, message: { ...message, timestamp: 0 } }).replace(
        '"timestamp":0',
        '"timestamp":1e400',
      ),
      JSON.stringify({ message: { ...message, timestamp: undefined } }),
    ];
    expect(undecided.at(-2)).toContain('"timestamp":1e400');
    for (const rawBody of undecided) expect(readVapiReceipt(rawBody)).toBeNull();
  });

  it("gives the full parse's key for a timestamp JSON reads as Infinity", () => {
    const rawBody = JSON.stringify(endOfCallReport()).replace(
      /"timestamp":[^,}]+/,
      '"timestamp":-1e400',
    );
    expect(rawBody).toContain("-1e400");
    expect(identity(vapiAdapter.parse(rawBody, new Headers()))).toStrictEqual(
      identity(fullParse(rawBody)),
    );
  });

  it("agrees with the full parse on arbitrary messages", () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.constantFrom("", "\u0000", "\ud800", "CA0123456789abcdef0123456789abcdef", "twilio"),
    );
    const call = fc.oneof(
      value,
      fc.record(
        {
          id: value,
          phoneCallProvider: value,
          phoneCallProviderId: value,
          twilioCallSid: value,
        },
        { requiredKeys: [] },
      ),
    );
    const message = fc.record(
      {
        type: fc.oneof(
          value,
          fc.constantFrom(
            "status-update",
            "end-of-call-report",
            "transcript",
            'transcript[transcriptType="final"]',
            "speech-update",
            "assistant-request",
            "some-new-type",
          ),
        ),
        timestamp: fc.oneof(value, fc.constant(1796540000000), fc.constant("2026-12-06T07:00Z")),
        status: value,
        role: value,
        transcriptType: value,
        call,
        extra: fc.anything(),
      },
      { requiredKeys: ["type"] },
    );
    fc.assert(
      fc.property(fc.record({ message: fc.oneof(message, value) }), (body) => {
        const rawBody = JSON.stringify(body);
        expect(identity(vapiAdapter.parse(rawBody, new Headers()))).toStrictEqual(
          identity(fullParse(rawBody)),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
