import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, webhookEvents } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { contactFilterSchema } from "@/lib/contacts/filters";
import { listContacts } from "@/lib/contacts/queries";
import { processWebhookEvent } from "@/lib/ingest/process-event";
import { stopBoss } from "@/lib/jobs/boss";
import { startWorkers } from "@/lib/jobs/worker";
import { channelStatus } from "@/lib/onboarding/channel-status";
import { getOnboardingState } from "@/lib/onboarding/queries";
import { listWebhookEvents } from "@/lib/webhooks/log-queries";
import { startWebhookServer } from "@/lib/webhooks/standalone";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { statusUpdate, type VapiIds } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { TEST_CALLER, sendTestEvent, unreachableReason } from "./test-event";

// "Send a test event" end to end over real HTTP: the sample goes to PUBLIC_URL, here a receiver
// running the same code as the Next route, and the worker processes it on real pg-boss.

const server: Server = await startWebhookServer(0, "127.0.0.1");
process.env.PUBLIC_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
await setupFreshDatabase();
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopBoss();
});

let owner: TestOwner;
let channels: Connected;

beforeAll(async () => {
  owner = await createOwner();
  channels = await connectChannels(owner.ctx);
  await startWorkers();
});

const allContacts = () => listContacts(owner.ctx, contactFilterSchema.parse({}));

describe("a test event says what it checked, and its caller is not a customer", () => {
  it("reports a verified test event, never 'working', while no real call has arrived", async () => {
    for (const provider of ["vapi", "twilio"] as const) {
      const result = await sendTestEvent(owner.ctx, provider);
      expect(result).toMatchObject({ httpStatus: 200, eventStatus: "processed" });
    }
    const state = await getOnboardingState(owner.ctx);
    expect(state.channels.vapi).toMatchObject({
      connected: true,
      testVerified: true,
      lastRealEventAt: null,
    });
    expect(state.done.connect).toBe(true);
    const twilio = channelStatus("twilio", state.channels.twilio);
    const vapi = channelStatus("vapi", state.channels.vapi);
    expect(twilio.checked.join(" ")).toContain("Luneo received and verified a signed test event");
    expect(twilio.notYet.join(" ")).toContain("Twilio has not confirmed these credentials");
    expect(vapi.notYet.join(" ")).toContain("No real call has arrived from VAPI yet");
    for (const status of [twilio, vapi]) {
      expect(status.tone).toBe("amber");
      expect(JSON.stringify(status)).not.toMatch(/working/i);
    }
  });

  it("keeps the test caller out of the contact list; the webhook log labels the events 'test'", async () => {
    const [contact] = await withTenant(owner.ctx, (tx) =>
      tx
        .select({ testOnly: contacts.testOnly })
        .from(contacts)
        .where(and(eq(contacts.orgId, owner.orgId), eq(contacts.phoneE164, TEST_CALLER))),
    );
    expect(contact).toEqual({ testOnly: true });
    expect((await allContacts()).rows.map((r) => r.phoneE164)).not.toContain(TEST_CALLER);
    const log = await listWebhookEvents(owner.ctx, {});
    expect(log.rows.length).toBeGreaterThanOrEqual(2);
    expect(log.rows.every((row) => row.isTest)).toBe(true);
  });

  it("a forged test mark does not make a real event a test", async () => {
    const response = await postVapi(
      channels.vapiEndpoint,
      statusUpdate("in-progress", { callId: "forged-mark" }),
      { "x-vapi-secret": channels.vapiSecret, "x-luneo-test-event": "0".repeat(64) },
    );
    expect(response.status).toBe(200);
    const [event] = await withTenant(owner.ctx, (tx) =>
      tx
        .select({ isTest: webhookEvents.isTest })
        .from(webhookEvents)
        .where(like(webhookEvents.eventKey, "forged-mark%")),
    );
    expect(event).toEqual({ isTest: false });
  });

  it("says when a real event has arrived, and a real call from the sample number makes it a contact", async () => {
    const response = await postVapi(
      channels.vapiEndpoint,
      statusUpdate("in-progress", {
        callId: "real-call-1",
        customerNumber: TEST_CALLER as VapiIds["customerNumber"],
      }),
      { "x-vapi-secret": channels.vapiSecret },
    );
    expect(response.status).toBe(200);
    const events = await withTenant(owner.ctx, (tx) =>
      tx
        .select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(eq(webhookEvents.status, "received")),
    );
    for (const event of events)
      await processWebhookEvent({ orgId: owner.orgId, eventId: event.id });
    const state = await getOnboardingState(owner.ctx);
    expect(state.channels.vapi.lastRealEventAt).toBeInstanceOf(Date);
    const vapi = channelStatus("vapi", state.channels.vapi);
    expect(vapi.tone).toBe("green");
    expect(vapi.checked.join(" ")).toMatch(/A real call event from VAPI arrived/);
    expect(channelStatus("twilio", state.channels.twilio).tone).toBe("amber");
    expect((await allContacts()).rows.map((r) => r.phoneE164)).toContain(TEST_CALLER);
  });
});

describe("a test event that cannot reach the app says why", () => {
  it("names the URL and 'connection refused' when nothing listens there", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/webhooks/vapi/x`;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetch(url, { method: "POST" }).then(
      () => null,
      (e: unknown) => e,
    );
    const reason = unreachableReason(url, error);
    expect(reason).toContain(new URL(url).origin);
    expect(reason).toContain("connection refused");
    expect(reason).toContain("PUBLIC_URL");
  });

  it("says the host does not resolve, and that a timeout is a timeout", async () => {
    const url = "http://luneo-no-such-host.invalid/api/webhooks/vapi/x";
    const error = await fetch(url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(unreachableReason(url, error)).toContain("does not resolve");
    const timeout = Object.assign(new Error("timed out"), { name: "TimeoutError" });
    expect(unreachableReason(url, timeout)).toContain("got no answer within");
  });
});
