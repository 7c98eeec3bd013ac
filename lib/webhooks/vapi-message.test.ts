import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as v from "@/test/fixtures/vapi";
import type { CallFacts, EventFacts } from "./facts";
import { parseVapiMessage, readVapiMessage, vapiEventKey } from "./vapi-message";
import { vapiRequestEssentials } from "./vapi-essentials";

const { callId, callSid, customerNumber, businessNumber } = v.VAPI_IDS;

function facts(body: unknown): EventFacts {
  const result = parseVapiMessage(body);
  if (!result.ok) throw new Error(result.reason);
  return result.facts;
}
const call = (body: unknown): CallFacts => facts(body).call ?? {};
const keyOf = (body: unknown) => facts(body).eventKey;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const FIXTURES: [string, () => v.VapiBody][] = [
  ["assistant-request", () => v.assistantRequest()],
  ["tool-calls", () => v.toolCalls()],
  ["status-update", () => v.statusUpdate("in-progress")],
  ["end-of-call-report", () => v.endOfCallReport()],
  ["end-of-call-report", () => v.legacyEndOfCallReport()],
  ["conversation-update", () => v.conversationUpdate(6)],
  ["transcript", () => v.transcript()],
  ["hang", () => v.hang()],
  ["speech-update", () => v.speechUpdate()],
  ["user-interrupted", () => v.userInterrupted()],
  ["phone-call-control", () => v.phoneCallControl()],
  ["transfer-destination-request", () => v.transferDestinationRequest()],
  ["model-output", () => v.modelOutput()],
];

describe("parseVapiMessage: every message type of the fixture call", () => {
  it.each(FIXTURES)("%s joins the VAPI call to its Twilio CallSid", (kind, build) => {
    const f = facts(build());
    expect(f.provider).toBe("vapi");
    expect(f.kind).toBe(kind);
    expect(f.eventKey.startsWith(`${callId}:${kind}:`)).toBe(true);
    expect(f.call).toMatchObject({
      vapiCallId: callId,
      twilioCallSid: callSid,
      direction: "inbound",
      from: customerNumber,
      to: businessNumber,
    });
  });

  it("gives every fixture message its own event key", () => {
    const keys = FIXTURES.map(([, build]) => keyOf(build()));
    // The two end-of-call-reports are the same message in two shapes, sent at the same instant.
    expect(new Set(keys).size).toBe(keys.length - 1);
  });
});

describe("end-of-call-report", () => {
  const report = v.endOfCallReport();
  const eocr = call(report);

  it("is the ~20 kB report VAPI sends", () => {
    expect(JSON.stringify(report).length).toBeGreaterThan(18_000);
  });

  it("ends the call with VAPI's reason, times, duration and cost", () => {
    expect(eocr).toMatchObject({
      status: "ended",
      statusAt: new Date(report.message.timestamp as number),
      endedReason: "customer-ended-call",
      startedAt: new Date(v.VAPI_STARTED_AT),
      endedAt: new Date(v.VAPI_ENDED_AT),
      durationSeconds: 278,
      cost: 0.4271,
    });
    expect(eocr.costBreakdown).toMatchObject({ total: 0.4271, llmPromptTokens: 18422 });
  });

  it("takes summary, structured data and success evaluation from analysis", () => {
    expect(eocr.summary).toBe(v.SUMMARY);
    expect(eocr.structuredData).toEqual(v.STRUCTURED_DATA);
    expect(eocr.successEvaluation).toBe("true");
    expect(eocr.recordingUrl).toBe(v.RECORDING_URL);
  });

  it("reads artifact.messages: bot turns become assistant turns, in order, with times", () => {
    const turns = eocr.transcript!;
    expect(turns[0]).toMatchObject({ role: "system", content: v.SYSTEM_PROMPT_TEXT });
    const spoken = turns.filter((t) => t.role === "user" || t.role === "assistant");
    expect(
      spoken.map(({ role, content, secondsFromStart }) => ({ role, content, secondsFromStart })),
    ).toEqual(v.SCRIPT_TURNS);
    expect(turns.some((t) => (t.role as string) === "bot")).toBe(false);
    expect(spoken[0]!.at).toEqual(new Date(v.VAPI_STARTED_AT + 620));
    const starts = turns.map((t) => t.secondsFromStart!);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("keeps tool calls and their results as tool turns", () => {
    const tools = eocr.transcript!.filter((t) => t.role === "tool").map((t) => t.content);
    expect(tools).toHaveLength(4);
    expect(tools[0]).toMatch(/^checkAvailability\(\{"days":3,"postalCode":"94301"/);
    expect(JSON.parse(tools[1]!)).toMatchObject({ slots: expect.any(Array) });
    expect(tools[2]).toMatch(/^bookAppointment\(/);
    expect(JSON.parse(tools[3]!)).toMatchObject({ booked: true });
  });

  it("prefers artifact and analysis over the legacy top-level fields", () => {
    const both = v.endOfCallReport({
      message: {
        transcript: "AI: Legacy hello.\nUser: Legacy bye.",
        summary: "Legacy summary.",
        recordingUrl: "https://legacy.example/recording.wav",
        messages: [
          { role: "bot", message: "Legacy", time: v.VAPI_STARTED_AT, secondsFromStart: 0 },
        ],
      },
    });
    const c = call(both);
    expect(c.summary).toBe(v.SUMMARY);
    expect(c.recordingUrl).toBe(v.RECORDING_URL);
    expect(c.transcript).toEqual(eocr.transcript);
  });

  it("falls back to the legacy shape when there is no artifact", () => {
    const legacy = call(v.legacyEndOfCallReport());
    expect(legacy).toMatchObject({
      status: "ended",
      endedReason: "customer-ended-call",
      summary: v.SUMMARY,
      recordingUrl: v.RECORDING_URL,
      cost: 0.4271,
      durationSeconds: 278,
    });
    expect(legacy.structuredData).toBeUndefined();
    expect(legacy.transcript).toEqual(eocr.transcript);
  });

  it("parses a transcript string when there are no messages at all", () => {
    const textOnly = v.legacyEndOfCallReport({
      message: {
        messages: undefined,
        transcript:
          "AI: Bayview Plumbing, this is Maya.\nUser: Hi, my heater leaks.\nIt's in the garage.\n",
      },
    });
    expect(call(textOnly).transcript).toEqual([
      { role: "assistant", content: "Bayview Plumbing, this is Maya." },
      { role: "user", content: "Hi, my heater leaks.\nIt's in the garage." },
    ]);
  });

  it("falls back to the recording and stereo URLs in their other places", () => {
    const stereoOnly = v.endOfCallReport({
      message: { artifact: { recording: { stereoUrl: v.STEREO_RECORDING_URL } } },
    });
    expect(call(stereoOnly).recordingUrl).toBe(v.STEREO_RECORDING_URL);
  });
});

describe("other message types", () => {
  it.each([
    ["scheduled", "queued"],
    ["queued", "queued"],
    ["ringing", "ringing"],
    ["in-progress", "in-progress"],
    ["forwarding", "forwarding"],
    ["ended", "ended"],
  ] as const)("status-update %s → %s at the message time", (status, expected) => {
    const body = v.statusUpdate(status);
    const c = call(body);
    expect(c.status).toBe(expected);
    expect(c.statusAt).toEqual(new Date(body.message.timestamp as number));
    if (status === "ended") expect(c.endedReason).toBe("customer-ended-call");
    else expect(c.endedReason).toBeUndefined();
  });

  it("reads the conversation so far from a forwarding status-update", () => {
    expect(call(v.statusUpdate("forwarding")).transcript!.length).toBeGreaterThan(20);
  });

  it("maps not-found to no status at all", () => {
    expect(
      call(v.statusUpdate("ended", { message: { status: "not-found" } })).status,
    ).toBeUndefined();
  });

  it("reads the conversation of a conversation-update", () => {
    const turns = call(v.conversationUpdate(6)).transcript!;
    expect(turns.map((t) => t.role)).toEqual([
      "system",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
  });

  it("does not take a single utterance for the call's transcript", () => {
    const utterance = v.transcript("user", "Gas, I think.", "partial", {
      message: { artifact: undefined },
    });
    expect(call(utterance).transcript).toBeUndefined();
    expect(call(utterance).status).toBeUndefined();
  });

  it('normalises the type `transcript[transcriptType="final"]` to transcript', () => {
    const f = facts(
      v.transcript("user", "Gas.", "final", {
        message: { type: 'transcript[transcriptType="final"]' },
      }),
    );
    expect(f.kind).toBe("transcript");
  });

  it("keeps unknown types, with nothing but the call id", () => {
    const f = facts(v.hang({ message: { type: "voice-input", input: "Hello" } }));
    expect(f.kind).toBe("voice-input");
    expect(f.call).toEqual({ vapiCallId: callId });
    const noCall = facts({ message: { type: "knowledge-base-request", timestamp: 1741108400000 } });
    expect(noCall.call).toBeUndefined();
    expect(noCall.eventKey).toBe("no-call:knowledge-base-request:1741108400000");
  });

  it("swaps from and to on an outbound call", () => {
    const outbound = v.statusUpdate("ringing");
    (outbound.message.call as Record<string, unknown>).type = "outboundPhoneCall";
    expect(call(outbound)).toMatchObject({
      direction: "outbound",
      from: businessNumber,
      to: customerNumber,
    });
  });

  it("has no direction or CallSid on a web call", () => {
    const web = v.statusUpdate("in-progress");
    const c = web.message.call as Record<string, unknown>;
    Object.assign(c, {
      type: "webCall",
      phoneCallProvider: undefined,
      phoneCallProviderId: undefined,
    });
    expect(call(web).direction).toBeUndefined();
    expect(call(web).twilioCallSid).toBeUndefined();
  });

  it("only takes phoneCallProviderId for a CallSid when the call went through Twilio", () => {
    const withCall = (patch: Record<string, unknown>) => {
      const body = v.hang();
      Object.assign(body.message.call as Record<string, unknown>, patch);
      return call(body).twilioCallSid;
    };
    expect(
      withCall({
        phoneCallProvider: "vonage",
        phoneCallProviderId: "63f61863-4a51-4f6b-86e1-46edebio0391",
      }),
    ).toBeUndefined();
    expect(withCall({ phoneCallProvider: undefined })).toBe(callSid);
    expect(
      withCall({ phoneCallProvider: undefined, phoneCallProviderId: "v3:abc" }),
    ).toBeUndefined();
    expect(
      withCall({
        phoneCallProvider: undefined,
        phoneCallProviderId: undefined,
        twilioCallSid: callSid,
      }),
    ).toBe(callSid);
  });

  it("accepts phoneNumber as a plain string and timestamps as ISO strings", () => {
    const body = v.statusUpdate("ringing", {
      message: { phoneNumber: businessNumber, timestamp: "2025-03-04T17:12:02.100Z" },
    });
    expect(call(body)).toMatchObject({
      to: businessNumber,
      statusAt: new Date("2025-03-04T17:12:02.100Z"),
    });
  });

  it("drops a field of the wrong type instead of rejecting the message", () => {
    const body = v.endOfCallReport({
      message: { cost: "0.42", analysis: 7, durationSeconds: null },
    });
    const c = call(body);
    expect(c.cost).toBeUndefined();
    expect(c.endedReason).toBe("customer-ended-call");
    expect(c.summary).toBeUndefined();
    expect(c.durationSeconds).toBe(278); // from durationMs
    expect(c.transcript!.length).toBeGreaterThan(30);
  });
});

describe("rejects bodies that are not VAPI server messages", () => {
  it.each([
    [null, "body is not a JSON object"],
    ["end-of-call-report", "body is not a JSON object"],
    [[{ message: { type: "hang" } }], "body is not a JSON object"],
    [{}, "missing message (a VAPI server message is { message: { type, … } })"],
    [
      { type: "status-update" },
      "missing message (a VAPI server message is { message: { type, … } })",
    ],
    [{ message: "hang" }, "message is not an object"],
    [{ message: null }, "message is not an object"],
    [{ message: {} }, "missing message.type"],
    [{ message: { call: { id: callId } } }, "missing message.type"],
    [{ message: { type: 4 } }, "message.type is not a string"],
    [{ message: { type: "" } }, "message.type is empty"],
  ])("%j → %s", (body, reason) => {
    expect(parseVapiMessage(body)).toEqual({ ok: false, reason });
    expect(vapiRequestEssentials(body)).toBeNull();
  });
});

describe("vapiEventKey", () => {
  it("is the same for a redelivery of the same message", () => {
    for (const [, build] of FIXTURES) expect(keyOf(clone(build()))).toBe(keyOf(build()));
  });

  it("tells apart two status-updates of the same call", () => {
    const keys = (["queued", "ringing", "in-progress", "ended"] as const).map((s) =>
      keyOf(v.statusUpdate(s)),
    );
    expect(new Set(keys).size).toBe(4);
    expect(keys[3]).toBe(`${callId}:status-update:ended`);
  });

  it("tells apart messages of both speakers at the same instant", () => {
    expect(keyOf(v.speechUpdate("user", "stopped"))).not.toBe(
      keyOf(v.speechUpdate("assistant", "started")),
    );
    expect(keyOf(v.transcript("user", "a", "partial"))).not.toBe(
      keyOf(v.transcript("user", "a", "final")),
    );
  });

  it("uses the message timestamp, and a hash of the message when there is none", () => {
    expect(keyOf(v.hang())).toBe(`${callId}:hang:${v.VAPI_STARTED_AT + 119_600}`);
    const a = keyOf(v.hang({ message: { timestamp: undefined } }));
    const b = keyOf(v.userInterrupted({ message: { timestamp: undefined, type: "hang" } }));
    expect(a).toMatch(new RegExp(`^${callId}:hang:[0-9a-f]{64}$`));
    expect(a).not.toBe(b);
  });

  it("does not depend on the order of keys in the body", () => {
    const bodies = fc.constantFrom(...FIXTURES.map(([, build]) => build()));
    fc.assert(
      fc.property(bodies, fc.nat(), (body, seed) => {
        const reordered = reorderKeys(body, seed) as v.VapiBody;
        expect(keyOf(reordered)).toBe(keyOf(body));
        const noTimestamp = { message: { ...body.message, timestamp: undefined } };
        expect(keyOf(reorderKeys(noTimestamp, seed))).toBe(keyOf(noTimestamp));
      }),
      { numRuns: 200 },
    );
  });

  it("is what parseVapiMessage puts in the facts", () => {
    const read = readVapiMessage(v.endOfCallReport());
    expect(read.ok && vapiEventKey(read.message)).toBe(keyOf(v.endOfCallReport()));
  });
});

describe("vapiRequestEssentials", () => {
  it("gives the route the caller of an assistant-request", () => {
    expect(vapiRequestEssentials(v.assistantRequest())).toEqual({
      type: "assistant-request",
      callId,
      twilioCallSid: callSid,
      callerNumber: customerNumber,
      calledNumber: businessNumber,
    });
  });

  it("gives the route the tool calls to answer", () => {
    expect(vapiRequestEssentials(v.toolCalls())).toEqual({
      type: "tool-calls",
      callId,
      toolCalls: [
        {
          id: v.TOOL_CALL_IDS.checkAvailability,
          name: "checkAvailability",
          arguments: v.TOOL_ARGS.checkAvailability,
        },
      ],
    });
  });

  it("reads every documented shape of a tool call", () => {
    const id = v.TOOL_CALL_IDS.bookAppointment;
    const args = v.TOOL_ARGS.bookAppointment;
    const shapes: Record<string, unknown>[] = [
      // API reference: arguments as a JSON string.
      {
        toolCallList: [
          {
            id,
            type: "function",
            function: { name: "bookAppointment", arguments: JSON.stringify(args) },
          },
        ],
      },
      // Custom tools guide: flat.
      { toolCallList: [{ id, name: "bookAppointment", arguments: args }] },
      // Only the list with the tools, arguments under `parameters`.
      {
        toolCallList: undefined,
        toolWithToolCallList: [
          {
            type: "function",
            function: { name: "bookAppointment" },
            toolCall: { id, type: "function", function: { parameters: args } },
          },
        ],
      },
      // Early payloads.
      {
        toolCallList: [],
        toolWithToolCallList: [],
        toolCalls: [
          { id, type: "function", function: { name: "bookAppointment", arguments: args } },
        ],
      },
    ];
    for (const shape of shapes) {
      const essentials = vapiRequestEssentials(
        v.toolCalls({ message: { toolWithToolCallList: undefined, ...shape } }),
      );
      expect(essentials).toEqual({
        type: "tool-calls",
        callId,
        toolCalls: [{ id, name: "bookAppointment", arguments: args }],
      });
    }
  });

  it("keeps unparseable arguments as the string and skips calls it cannot answer", () => {
    const essentials = vapiRequestEssentials(
      v.toolCalls({
        message: {
          toolCallList: [
            { id: "call_1", function: { name: "lookup", arguments: "{not json" } },
            { function: { name: "noId", arguments: "{}" } },
            { id: "call_3", function: { arguments: "{}" } },
            "garbage",
          ],
        },
      }),
    );
    expect(essentials).toEqual({
      type: "tool-calls",
      callId,
      toolCalls: [{ id: "call_1", name: "lookup", arguments: "{not json" }],
    });
  });

  it("is null for other message types", () => {
    expect(vapiRequestEssentials(v.hang())).toBeNull();
    expect(vapiRequestEssentials(v.endOfCallReport())).toBeNull();
  });
});

describe("parseVapiMessage never throws", () => {
  const check = (body: unknown) => {
    const result = parseVapiMessage(body);
    if (result.ok) {
      expect(result.facts.eventKey.length).toBeGreaterThan(0);
      expect(result.facts.provider).toBe("vapi");
    } else {
      expect(result.reason.length).toBeGreaterThan(0);
    }
    vapiRequestEssentials(body);
  };

  it("on arbitrary JSON", () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
    fc.assert(fc.property(fc.anything(), check), { numRuns: 300 });
  });

  it("on messages of known types with arbitrary fields", () => {
    const types = fc.constantFrom(...FIXTURES.map(([kind]) => kind), "tool-calls", "mystery");
    const message = fc
      .tuple(
        types,
        fc.dictionary(
          fc.constantFrom(
            "call",
            "artifact",
            "analysis",
            "timestamp",
            "status",
            "messages",
            "transcript",
            "toolCallList",
            "toolWithToolCallList",
            "toolCalls",
            "phoneNumber",
            "customer",
            "cost",
            "costs",
            "startedAt",
            "endedAt",
          ),
          fc.jsonValue(),
        ),
      )
      .map(([type, fields]) => ({ message: { ...fields, type } }));
    fc.assert(fc.property(message, check), { numRuns: 1000 });
  });

  it("on fixtures with one field replaced by arbitrary JSON", () => {
    const mutated = fc
      .tuple(fc.constantFrom(...FIXTURES.map(([, build]) => build())), fc.nat(), fc.jsonValue())
      .map(([body, n, value]) => {
        const copy = clone(body);
        const paths = leafParents(copy);
        const [parent, key] = paths[n % paths.length]!;
        parent[key] = value;
        return copy;
      });
    fc.assert(fc.property(mutated, check), { numRuns: 500 });
  });
});

/** The same data with every object's keys in a seed-dependent order. */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => reorderKeys(item, seed));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  const order = keys
    .map((k, i) => [k, Math.sin(seed + i * 12.9898) * 43758.5453] as const)
    .sort((a, b) => (a[1] % 1) - (b[1] % 1))
    .map(([k]) => k);
  return Object.fromEntries(
    order.map((k) => [k, reorderKeys((value as Record<string, unknown>)[k], seed)]),
  );
}

function leafParents(root: unknown, out: [Record<string, unknown>, string][] = []) {
  if (root && typeof root === "object") {
    for (const [key, child] of Object.entries(root)) {
      out.push([root as Record<string, unknown>, key]);
      if (out.length < 400) leafParents(child, out);
    }
  }
  return out;
}
