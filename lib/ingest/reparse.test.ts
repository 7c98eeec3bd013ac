import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { twilioAdapter, type TwilioKind } from "@/lib/webhooks/twilio-adapter";
import { vapiAdapter } from "@/lib/webhooks/vapi-adapter";
import { setupFreshDatabase } from "@/test/db";
import {
  callStatusCallback,
  incomingSms,
  smsStatusCallback,
  voiceWebhook,
} from "@/test/fixtures/twilio";
import {
  assistantRequest,
  conversationUpdate,
  endOfCallReport,
  hang,
  statusUpdate,
  toolCalls,
} from "@/test/fixtures/vapi";
import { parseStoredEvent } from "./reparse";

// A stored event is read again by the adapter that received it: same parsers, same facts.

await setupFreshDatabase(); // the Twilio adapter reads PUBLIC_URL from the environment

const twilioBodies: Record<TwilioKind, string> = {
  voice: new URLSearchParams(voiceWebhook()).toString(),
  status: new URLSearchParams(callStatusCallback("completed")).toString(),
  sms: new URLSearchParams(incomingSms({ Body: "Hello\u0000 there" })).toString(),
  "sms-status": new URLSearchParams(smsStatusCallback("delivered")).toString(),
};

describe("re-parsing a stored event", () => {
  it.each(Object.entries(twilioBodies))(
    "gives a Twilio %s callback the facts it had on receipt",
    (kind, rawBody) => {
      const received = twilioAdapter(kind as TwilioKind, "endpoint", "").parse(
        rawBody,
        new Headers(),
      );
      expect(received.ok).toBe(true);
      if (!received.ok) return;
      const stored = { provider: "twilio" as const, kind: received.facts.kind, rawBody };
      expect(parseStoredEvent(stored)).toEqual(received);
    },
  );

  it.each([
    ["status-update", statusUpdate("in-progress")],
    ["end-of-call-report", endOfCallReport()],
    ["assistant-request", assistantRequest()],
    ["tool-calls", toolCalls()],
    ["conversation-update", conversationUpdate()],
    ["hang", hang()],
  ])("gives a VAPI %s the facts it had on receipt", (_, body) => {
    const rawBody = JSON.stringify(body);
    const received = vapiAdapter.parse(rawBody, new Headers());
    expect(received.ok).toBe(true);
    if (!received.ok) return;
    const stored = { provider: "vapi" as const, kind: received.facts.kind, rawBody };
    const reparsed = parseStoredEvent(stored);
    expect(reparsed.ok).toBe(true);
    if (!reparsed.ok) return;
    // On receipt only what the store needs is read (lib/webhooks/vapi-receipt.ts); the stored body
    // gives all of it again, and the rest.
    const { call, ...event } = received.facts;
    expect(reparsed.facts).toMatchObject({ ...event, ...(call ? { call } : {}) });
  });

  it("rejects a Twilio kind no callback stores, and a VAPI body that is not JSON", () => {
    expect(parseStoredEvent({ provider: "twilio", kind: "fax", rawBody: "" })).toEqual({
      ok: false,
      reason: 'unknown Twilio event kind "fax"',
    });
    expect(parseStoredEvent({ provider: "vapi", kind: "unparseable", rawBody: "{" })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^body is not JSON/),
    });
  });

  it("goes through the adapters, never the parsers themselves", () => {
    const source = readFileSync(new URL("./reparse.ts", import.meta.url), "utf8");
    const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(imports).not.toContainEqual(
      expect.stringMatching(/twilio-params|vapi-message|provider-body/),
    );
  });
});
