import { drainInbox } from "@/test/inbox";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  actionExecutions,
  contacts,
  conversations,
  learningGaps,
  learningSignals,
} from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { chooseVertical, saveBusinessProfile } from "@/lib/onboarding/service";
import { parseInput } from "@/lib/parse-input";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { callStatusCallback } from "@/test/fixtures/twilio";
import { endOfCallReport, VAPI_IDS } from "@/test/fixtures/vapi";
import { connectChannels, postTwilio, postVapi } from "@/test/webhooks";
import { localDay } from "./classify";
import { getRoiReport } from "./queries";
import { roiRangeSchema } from "./schemas";
import { backfillRollups, refreshRollups } from "./service";

// What the rollup reads beside the conversation itself: Twilio's price from its callbacks, the
// learning signals' questions (resolved = not asked again), and the agent's booking tools.

await setupFreshDatabase();
afterAll(stopBoss);

const WEEKDAYS = { open: "09:00", close: "18:00" };
async function agency(): Promise<TestOwner> {
  const owner = await createOwner();
  await saveBusinessProfile(owner.ctx, {
    name: "Harbour Homes",
    country: "US",
    timezone: "America/Los_Angeles",
    language: "en-US",
    hours: {
      mon: [WEEKDAYS],
      tue: [WEEKDAYS],
      wed: [WEEKDAYS],
      thu: [WEEKDAYS],
      fri: [WEEKDAYS],
      sat: [],
      sun: [],
    },
  });
  await chooseVertical(owner.ctx, { slug: "real-estate", version: 2 });
  return owner;
}

const report = (ctx: TenantContext, from: string, to = from) =>
  getRoiReport(ctx, parseInput(roiRangeSchema, { from, to }));

async function processIngest(orgId: string) {
  await drainInbox(orgId);
}

describe("Twilio's price", () => {
  it("adds to the call's cost whichever of VAPI's report and Twilio's callback comes first", async () => {
    const c = await agency();
    const channels = await connectChannels(c.ctx);
    const calls = [
      { id: "aaaaaaaa-1111-4111-8111-111111111111", sid: "CAa1111111111111111111111111111111" },
      { id: "bbbbbbbb-2222-4222-8222-222222222222", sid: "CAb2222222222222222222222222222222" },
    ];
    const vapi = async (call: (typeof calls)[number], number: string) => {
      const response = await postVapi(
        channels.vapiEndpoint,
        endOfCallReport({
          callId: call.id,
          callSid: call.sid as typeof VAPI_IDS.callSid,
          customerNumber: number as typeof VAPI_IDS.customerNumber,
          message: {
            startedAt: "2026-11-24T18:00:00.000Z", // Tuesday 10:00 in Los Angeles
            endedAt: "2026-11-24T18:04:00.000Z",
            cost: 0.4271,
          },
        }),
        { "x-vapi-secret": channels.vapiSecret },
      );
      expect(response.status).toBe(200);
    };
    const twilio = async (call: (typeof calls)[number], number: string) => {
      const response = await postTwilio(
        channels.twilioEndpoint,
        "status",
        callStatusCallback("completed", {
          CallSid: call.sid,
          From: number,
          Timestamp: "Tue, 24 Nov 2026 18:04:00 +0000",
          Price: "-0.00850",
          PriceUnit: "USD",
        }),
        channels.authToken,
      );
      expect(response.status).toBe(200);
    };
    // The first call: VAPI's report, then Twilio's callback; the second the other way round.
    await vapi(calls[0]!, "+14155550161");
    await twilio(calls[0]!, "+14155550161");
    await twilio(calls[1]!, "+14155550162");
    await vapi(calls[1]!, "+14155550162");
    await processIngest(c.orgId);
    await refreshRollups(c.orgId);

    const { totals, figure } = await report(c.ctx, "2026-11-24");
    expect(totals.callsAnswered).toBe(2);
    expect(totals.telephonyCost).toBe(0.017);
    expect(totals.agentCost).toBe(0.8712); // 2 × (0.4271 + 0.0085)
    expect(figure.terms.agentCost).toBe(0.87);
  });
});

type Conv = { contactId: string; at: string; vapiCallId?: string };

async function seedCalls(ctx: TenantContext, phone: string, calls: Omit<Conv, "contactId">[]) {
  return withTenant(ctx, async (tx) => {
    const [contact] = await tx
      .insert(contacts)
      .values({ orgId: tx.orgId, phoneE164: phone, channels: ["voice"] })
      .returning({ id: contacts.id });
    const rows = await tx
      .insert(conversations)
      .values(
        calls.map((call) => ({
          orgId: tx.orgId,
          contactId: contact!.id,
          channel: "voice" as const,
          direction: "inbound" as const,
          status: "ended",
          vapiCallId: call.vapiCallId ?? null,
          startedAt: new Date(call.at),
          endedAt: new Date(new Date(call.at).getTime() + 120_000),
          durationSeconds: 120,
          endedReason: "customer-ended-call",
          cost: 0.2,
          lastMessageAt: new Date(call.at),
        })),
      )
      .returning({ id: conversations.id, startedAt: conversations.startedAt });
    return {
      contactId: contact!.id,
      ids: rows.sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime()).map((r) => r.id),
    };
  });
}

async function ask(
  ctx: TenantContext,
  conversationId: string,
  contactId: string,
  question: string,
) {
  await withTenant(ctx, (tx) =>
    tx.insert(learningSignals).values({
      orgId: tx.orgId,
      conversationId,
      seq: 2,
      contactId,
      channel: "voice",
      question,
      answer: "Let me find out for you.",
      outcome: "answered",
      language: "en",
      detector: "rules",
      detectorVersion: 1,
      occurredAt: new Date(),
    }),
  );
}

describe("resolved by the agent", () => {
  it("a caller who comes back within 72 hours undoes 'resolved' only when asking the same question", async () => {
    const c = await agency();
    // Three callers, each calling on Monday 23 and again on Tuesday 24 November (10:00 local).
    const twice = ["2026-11-23T18:00:00Z", "2026-11-24T18:00:00Z"].map((at) => ({ at }));
    const other = await seedCalls(c.ctx, "+14155550171", twice);
    const same = await seedCalls(c.ctx, "+14155550172", twice);
    const silent = await seedCalls(c.ctx, "+14155550173", twice);
    await backfillRollups(c.orgId);
    // Without questions to compare, any contact within the window counts against the first call.
    expect((await report(c.ctx, "2026-11-23")).totals.resolved).toBe(0);

    // The learning signals arrive later (after the calls went idle): the refresh reads them.
    await ask(c.ctx, other.ids[0]!, other.contactId, "What are the HOA fees at Bayview Towers?");
    await ask(
      c.ctx,
      other.ids[1]!,
      other.contactId,
      "Do you accept pets in the rentals you manage?",
    );
    await ask(c.ctx, same.ids[0]!, same.contactId, "What are the HOA fees at Bayview Towers?");
    await ask(c.ctx, same.ids[1]!, same.contactId, "How much are the HOA fees for Bayview Towers?");
    await ask(c.ctx, silent.ids[0]!, silent.contactId, "What are the HOA fees at Bayview Towers?");
    await ask(c.ctx, silent.ids[1]!, silent.contactId, "Okay, thanks.");
    await refreshRollups(c.orgId);

    const monday = await report(c.ctx, "2026-11-23");
    // Only the caller who asked something else the next day was resolved the first time.
    expect(monday.totals).toMatchObject({ conversations: 3, resolved: 1, escalated: 0 });
    // Tuesday's calls have no later contact: all three resolved.
    expect((await report(c.ctx, "2026-11-24")).totals.resolved).toBe(3);
  });
});

describe("bookings and orders", () => {
  it("count a booking tool the agent ran during the call, as well as the structured data", async () => {
    const c = await agency();
    const callId = "cccccccc-3333-4333-8333-333333333333";
    // A call an hour ago; the agent's tools run while it lasts.
    const at = new Date(Date.now() - 3_600_000);
    const day = localDay(at, "America/Los_Angeles");
    await seedCalls(c.ctx, "+14155550181", [{ at: at.toISOString(), vapiCallId: callId }]);
    await backfillRollups(c.orgId);
    expect((await report(c.ctx, day)).totals.bookings).toBe(0);

    const execution = (status: "succeeded" | "failed", event: string) => ({
      action: "webhook_call",
      source: "agent" as const,
      actorId: "vapi",
      status,
      input: { event, data: {} },
      result: "The request to the business's system is on its way.",
      callId,
      createdAt: new Date(at.getTime() + 60_000),
      finishedAt: new Date(),
    });
    await withTenant(c.ctx, (tx) =>
      tx.insert(actionExecutions).values([
        { orgId: tx.orgId, ...execution("failed", "viewing.booked") },
        { orgId: tx.orgId, ...execution("succeeded", "lead.updated") },
      ]),
    );
    await refreshRollups(c.orgId);
    // A failed booking and a tool that books nothing are not bookings.
    expect((await report(c.ctx, day)).totals.bookings).toBe(0);

    await withTenant(c.ctx, (tx) =>
      tx
        .insert(actionExecutions)
        .values({ orgId: tx.orgId, ...execution("succeeded", "viewing.booked") }),
    );
    await refreshRollups(c.orgId);
    expect((await report(c.ctx, day)).totals.bookings).toBe(1);
    const stored = await withTenant(c.ctx, (tx) =>
      tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.orgId, tx.orgId), eq(conversations.vapiCallId, callId))),
    );
    expect(stored).toHaveLength(1);
  });
});

describe("adoption of learning suggestions", () => {
  it("is the share of the period's approved answers that kept the suggestion offered", async () => {
    const c = await agency();
    const gap = (
      status: "open" | "approved" | "dismissed" | "expired",
      decidedAt: string | null,
      suggestionKept: boolean | null = null,
    ) => ({
      language: "en" as const,
      status,
      suggestionKept,
      canonicalQuestion: "What are the HOA fees at Bayview Towers?",
      firstSeenAt: new Date("2026-11-01T18:00:00Z"),
      lastSeenAt: new Date("2026-11-02T18:00:00Z"),
      decidedAt: decidedAt ? new Date(decidedAt) : null,
    });
    await withTenant(c.ctx, (tx) =>
      tx.insert(learningGaps).values(
        [
          gap("approved", "2026-11-23T18:00:00Z", true),
          gap("approved", "2026-11-24T07:30:00Z", false), // 23:30 on the 23rd in Los Angeles
          gap("approved", "2026-11-23T19:00:00Z", true),
          gap("approved", "2026-11-23T19:30:00Z", null), // no suggestion was offered
          gap("dismissed", "2026-11-23T20:00:00Z"),
          gap("approved", "2026-11-24T18:00:00Z", true), // the next local day: not in the range
          gap("expired", null),
          gap("open", null),
        ].map((g) => ({ orgId: tx.orgId, ...g })),
      ),
    );
    const { adoption } = await report(c.ctx, "2026-11-23");
    expect(adoption).toEqual({ offered: 3, kept: 2, rate: 2 / 3 });
    expect((await report(c.ctx, "2026-11-20", "2026-11-22")).adoption).toEqual({
      offered: 0,
      kept: 0,
      rate: null,
    });
  });
});
