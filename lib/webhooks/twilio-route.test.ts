import { drainInbox } from "@/test/inbox";
import { waitFor } from "@/test/wait";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, conversations, messages, timelineEvents, webhookEvents } from "@/db/schema";
import { saveTwilioConnection } from "@/lib/channels/service";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import {
  callStatusCallback,
  callStatusSequence,
  incomingSms,
  TWILIO_IDS,
  voiceWebhook,
} from "@/test/fixtures/twilio";
import { conversationUpdate, endOfCallReport, statusUpdate, VAPI_IDS } from "@/test/fixtures/vapi";
import { connectChannels, postTwilio, postVapi, type Connected } from "@/test/webhooks";

await setupFreshDatabase();
afterAll(stopBoss);

const eventsOf = (orgId: string) =>
  withSystem("test: read events", (tx) =>
    tx.select().from(webhookEvents).where(eq(webhookEvents.orgId, orgId)),
  );

async function drainJobs(orgId: string) {
  return (await drainInbox(orgId)).length;
}

let a: TestOwner;
let A: Connected;
beforeAll(async () => {
  a = await createOwner();
  A = await connectChannels(a.ctx);
});

describe("POST /api/webhooks/twilio/[endpoint]/voice", () => {
  it("hands the call to the VAPI SIP address with Luneo's contact id and the CallSid as X- headers", async () => {
    const response = await postTwilio(A.twilioEndpoint, "voice", voiceWebhook(), A.authToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/xml");
    const xml = await response.text();
    const [contact] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contacts).where(eq(contacts.phoneE164, TWILIO_IDS.customerNumber)),
    );
    expect(contact).toBeDefined();
    expect(xml).toContain(
      `<Sip>sip:agent@sip.vapi.ai?X-Luneo-Contact-Id=${contact!.id}&amp;X-Luneo-Call-Sid=${TWILIO_IDS.callSid}</Sip>`,
    );
  });

  it("dials the fallback number when no agent is configured", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx, null);
    const xml = await (
      await postTwilio(channels.twilioEndpoint, "voice", voiceWebhook(), channels.authToken)
    ).text();
    expect(xml).toMatch(/<Dial[^>]*>\+14155550199<\/Dial>/);
  });

  it("refuses a bad signature, a signature for another host, and another org's token, storing nothing", async () => {
    const before = (await eventsOf(a.orgId)).length;
    const other = await createOwner();
    const otherChannels = await connectChannels(other.ctx);
    const params = voiceWebhook({ CallSid: `CA${randomBytes(16).toString("hex")}` });
    const { signTwilio } = await import("@/test/fixtures/sign");
    const forged = [
      "definitely-not-a-signature",
      signTwilio(
        `https://evil.example/api/webhooks/twilio/${A.twilioEndpoint}/voice`,
        params,
        A.authToken,
      ),
      signTwilio(
        `http://localhost:3000/api/webhooks/twilio/${A.twilioEndpoint}/voice`,
        params,
        otherChannels.authToken,
      ),
    ];
    for (const signature of forged) {
      expect(
        (await postTwilio(A.twilioEndpoint, "voice", params, A.authToken, { signature })).status,
      ).toBe(401);
    }
    expect((await eventsOf(a.orgId)).length).toBe(before);
  });
});

describe("property: signatures", () => {
  it("any authentic form body gets a 2xx, never a 5xx; any tampered one gets 401 and stores nothing", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    const formKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !k.includes("\u0000"));
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(formKey, fc.string({ maxLength: 40 }), { maxKeys: 6 }),
        fc.constantFrom("status", "sms", "sms-status", "voice") as fc.Arbitrary<
          "status" | "sms" | "sms-status" | "voice"
        >,
        async (params, path) => {
          const authentic = await postTwilio(
            channels.twilioEndpoint,
            path,
            params,
            channels.authToken,
          );
          expect(authentic.status).toBe(200);
          const before = (await eventsOf(owner.orgId)).length;
          const tampered = { ...params, Tampered: "1" };
          const { signTwilio } = await import("@/test/fixtures/sign");
          const signature = signTwilio(
            `http://localhost:3000/api/webhooks/twilio/${channels.twilioEndpoint}/${path}`,
            params,
            channels.authToken,
          );
          const refused = await postTwilio(
            channels.twilioEndpoint,
            path,
            tampered,
            channels.authToken,
            { signature },
          );
          expect(refused.status).toBe(401);
          expect((await eventsOf(owner.orgId)).length).toBe(before);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("ingestion of a whole call", () => {
  // Twilio's four status callbacks and VAPI's status and end-of-call messages, for one call.
  const callEvents = (channels: Connected) => [
    ...callStatusSequence().map(
      (params) => () => postTwilio(channels.twilioEndpoint, "status", params, channels.authToken),
    ),
    () =>
      postVapi(channels.vapiEndpoint, statusUpdate("in-progress"), {
        "x-vapi-secret": channels.vapiSecret,
      }),
    () =>
      postVapi(channels.vapiEndpoint, statusUpdate("ended"), {
        "x-vapi-secret": channels.vapiSecret,
      }),
    () =>
      postVapi(channels.vapiEndpoint, endOfCallReport(), { "x-vapi-secret": channels.vapiSecret }),
  ];

  async function finalState(owner: TestOwner) {
    return withTenant(owner.ctx, async (tx) => {
      const rows = await tx.select().from(conversations);
      const turns = await tx.select({ n: sql<number>`count(*)::int` }).from(messages);
      const timeline = await tx
        .select({ kind: timelineEvents.kind })
        .from(timelineEvents)
        .orderBy(timelineEvents.kind);
      return {
        conversations: rows.length,
        status: rows[0]?.status,
        endedReason: rows[0]?.endedReason,
        durationSeconds: rows[0]?.durationSeconds,
        twilioCallSid: rows[0]?.twilioCallSid,
        vapiCallId: rows[0]?.vapiCallId,
        summary: rows[0]?.summary,
        turns: turns[0]?.n,
        timeline: timeline.map((t) => t.kind),
      };
    });
  }

  it("ends in the same single conversation whatever order the events arrive and are processed in", async () => {
    const reference = await (async () => {
      const owner = await createOwner();
      const channels = await connectChannels(owner.ctx);
      for (const send of callEvents(channels)) expect((await send()).status).toBe(200);
      await drainJobs(owner.orgId);
      return finalState(owner);
    })();
    expect(reference).toMatchObject({
      conversations: 1,
      status: "ended",
      twilioCallSid: TWILIO_IDS.callSid,
    });
    expect(reference.timeline).toEqual(["call.ended", "call.started"]);

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(
          callEvents(A).map((_, i) => i),
          { minLength: 7, maxLength: 7 },
        ),
        async (order) => {
          const owner = await createOwner();
          const channels = await connectChannels(owner.ctx);
          const sends = callEvents(channels);
          for (const i of order) expect((await sends[i]!()).status).toBe(200);
          await drainJobs(owner.orgId);
          expect(await finalState(owner)).toEqual(reference);
        },
      ),
      { numRuns: 8 },
    );
  });

  it("joins a call first seen apart by Twilio and by VAPI into one conversation, keeping the transcript", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    // Twilio sees the call first; VAPI's first message carries no CallSid (no phoneCallProviderId),
    // so each creates its own row. A later VAPI message names the CallSid and joins them.
    await postTwilio(
      channels.twilioEndpoint,
      "status",
      callStatusCallback("ringing"),
      channels.authToken,
    );
    await drainJobs(owner.orgId);
    const vapiOnly = {
      call: {
        id: VAPI_IDS.callId,
        type: "inboundPhoneCall",
        customer: { number: VAPI_IDS.customerNumber },
      },
    };
    await postVapi(channels.vapiEndpoint, conversationUpdate(6, { message: vapiOnly }), {
      "x-vapi-secret": channels.vapiSecret,
    });
    await drainJobs(owner.orgId);
    const before = await withTenant(owner.ctx, (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(messages),
    );
    expect(before[0]!.n).toBeGreaterThan(0);
    expect((await finalState(owner)).conversations).toBe(2);

    await postVapi(channels.vapiEndpoint, statusUpdate("ended"), {
      "x-vapi-secret": channels.vapiSecret,
    });
    await drainJobs(owner.orgId);
    const joined = await finalState(owner);
    expect(joined).toMatchObject({
      conversations: 1,
      status: "ended",
      twilioCallSid: TWILIO_IDS.callSid,
      vapiCallId: VAPI_IDS.callId,
    });
    expect(joined.turns).toBe(before[0]!.n);
  });

  it("processes the same call event delivered 5 times concurrently into one row and one conversation", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    const params = callStatusCallback("ringing");
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        postTwilio(channels.twilioEndpoint, "status", params, channels.authToken),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await eventsOf(owner.orgId)).toHaveLength(1);
    await drainJobs(owner.orgId);
    expect((await finalState(owner)).conversations).toBe(1);
  });
});

describe("SMS", () => {
  it("threads a contact's messages: the same thread within 24 hours, a new one after", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    const send = (sid: string) =>
      postTwilio(
        channels.twilioEndpoint,
        "sms",
        incomingSms({ MessageSid: sid, SmsSid: sid, SmsMessageSid: sid }),
        channels.authToken,
      );
    const response = await send(TWILIO_IDS.messageSid);
    expect(await response.text()).toContain("<Response/>");
    await send(`SM${randomBytes(16).toString("hex")}`);
    await drainJobs(owner.orgId);
    const threads = () =>
      withTenant(owner.ctx, (tx) =>
        tx.select().from(conversations).where(eq(conversations.channel, "sms")),
      );
    expect(await threads()).toHaveLength(1);

    // The thread went quiet 25 hours ago: the next SMS opens a new one.
    await withTenant(owner.ctx, (tx) =>
      tx
        .update(conversations)
        .set({ lastMessageAt: new Date(Date.now() - 25 * 3_600_000) })
        .where(eq(conversations.channel, "sms")),
    );
    await send(`SM${randomBytes(16).toString("hex")}`);
    await drainJobs(owner.orgId);
    expect(await threads()).toHaveLength(2);
    const timeline = await withTenant(owner.ctx, (tx) =>
      tx.select().from(timelineEvents).where(eq(timelineEvents.kind, "sms.received")),
    );
    expect(timeline).toHaveLength(3);
  });

  it("collapses a redelivery carrying Twilio's idempotency token", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    const headers = { "i-twilio-idempotency-token": randomBytes(8).toString("hex") };
    for (let i = 0; i < 3; i++) {
      await postTwilio(channels.twilioEndpoint, "sms", incomingSms(), channels.authToken, {
        headers,
      });
    }
    expect(await eventsOf(owner.orgId)).toHaveLength(1);
  });
});

describe("secret rotation", () => {
  it("accepts the old token during the grace period, and the new one at once", async () => {
    const owner = await createOwner();
    const channels = await connectChannels(owner.ctx);
    const newToken = randomBytes(16).toString("hex");
    await saveTwilioConnection(owner.ctx, {
      accountSid: TWILIO_IDS.accountSid,
      authToken: newToken,
      phoneNumbers: [TWILIO_IDS.businessNumber],
      fallbackNumber: null,
    });
    const sid = () => `CA${randomBytes(16).toString("hex")}`;
    expect(
      (
        await postTwilio(
          channels.twilioEndpoint,
          "status",
          callStatusCallback("ringing", { CallSid: sid() }),
          channels.authToken,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await postTwilio(
          channels.twilioEndpoint,
          "status",
          callStatusCallback("ringing", { CallSid: sid() }),
          newToken,
        )
      ).status,
    ).toBe(200);
    // After the grace period only the new token works.
    await withSystem("test: end the grace period", (tx) =>
      tx.execute(
        sql`update channel_secrets set expires_at = now() - interval '1 second' where expires_at is not null`,
      ),
    );
    // The receiver drops its kept secrets when PostgreSQL notifies the change (endpoint-cache.ts).
    const oldToken = () =>
      postTwilio(
        channels.twilioEndpoint,
        "status",
        callStatusCallback("ringing", { CallSid: sid() }),
        channels.authToken,
      ).then((response) => response.status);
    expect(await waitFor(oldToken, (status) => status === 401, { timeout: 1000 })).toBe(401);
  });
});
