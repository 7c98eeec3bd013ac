import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contacts,
  conversations,
  domainEvents,
  messages,
  timelineEvents,
  webhookEvents,
} from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { getSystemClient } from "@/db";
import { stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import {
  conversationUpdate,
  endOfCallReport,
  statusUpdate,
  type VapiBody,
  type VapiIds,
} from "@/test/fixtures/vapi";
import { callStatusCallback } from "@/test/fixtures/twilio";
import { connectChannels, postTwilio, postVapi, type Connected } from "@/test/webhooks";
import { startInboxWorker } from "./inbox-worker";
import { processWebhookEvent, processWebhookEvents } from "./process-event";
import { waitFor } from "@/test/wait";

// Several events of one org applied in one transaction (processWebhookEvents, as the inbox worker
// hands them over) must leave exactly the rows the same events leave one by one, and one event
// that fails must not fail or lose the others.

await setupFreshDatabase();
/** Times after this are receipts (the fixtures' own are in 2025): they differ between orgs. */
const RECEIPTS_FROM = new Date();
afterAll(stopBoss);

let owners: TestOwner[];
let channels: Connected[];
beforeAll(async () => {
  owners = await Promise.all(Array.from({ length: 5 }, () => createOwner()));
  channels = await Promise.all(owners.map((owner) => connectChannels(owner.ctx)));
});

const callA = {
  callId: "0b0f3c2e-9d1a-4e7b-8c5f-2a6d1e9b7c31",
  callSid: "CA00000000000000000000000000000a01",
  customerNumber: "+14155550111",
} as unknown as Partial<VapiIds>;
const callB = {
  callId: "0b0f3c2e-9d1a-4e7b-8c5f-2a6d1e9b7c32",
  callSid: "CA00000000000000000000000000000b02",
  customerNumber: "+14155550122",
} as unknown as Partial<VapiIds>;

/** Two calls' events interleaved, late ones after the end, one redelivered. */
const EVENTS: VapiBody[] = [
  statusUpdate("queued", callA),
  statusUpdate("ringing", callA),
  statusUpdate("queued", callB),
  statusUpdate("in-progress", callA),
  conversationUpdate(4, callA),
  statusUpdate("ringing", callB),
  conversationUpdate(6, callA),
  statusUpdate("ended", callA),
  endOfCallReport(callA),
  statusUpdate("ended", callB),
  endOfCallReport(callA), // a redelivery: stored once
  endOfCallReport(callB),
  // Late, after the calls ended (statuses not sent before: a status-update's key is call and
  // status): they must not move a call backwards, so the batch must read each call as its earlier
  // events left it.
  statusUpdate("scheduled", callA),
  statusUpdate("in-progress", callB),
];

async function post(index: number, body: VapiBody) {
  const response = await postVapi(channels[index]!.vapiEndpoint, body, {
    "x-vapi-secret": channels[index]!.vapiSecret,
  });
  expect(response.status).toBe(200);
}

/** The org's event ids, in the order they were received. */
async function eventIds(orgId: string): Promise<string[]> {
  const rows = await ownerSql()<{ id: string }[]>`
    select id from webhook_events where org_id = ${orgId} order by received_at, id`;
  return rows.map((row) => row.id);
}

/** What ingestion left for the org, with its own ids replaced by their order of appearance. */
async function outcome(owner: TestOwner) {
  return withTenant(owner.ctx, async (tx) => {
    const calls = await tx
      .select()
      .from(conversations)
      .where(eq(conversations.orgId, owner.orgId))
      .orderBy(asc(conversations.vapiCallId));
    const idOf = new Map(calls.map((call, i) => [call.id, `call-${i}`]));
    const turns = await tx
      .select({ conversationId: messages.conversationId, seq: messages.seq, role: messages.role })
      .from(messages)
      .where(eq(messages.orgId, owner.orgId))
      .orderBy(asc(messages.seq));
    const timeline = await tx
      .select({
        kind: timelineEvents.kind,
        conversationId: timelineEvents.conversationId,
        occurredAt: timelineEvents.occurredAt,
        data: timelineEvents.data,
      })
      .from(timelineEvents)
      .where(eq(timelineEvents.orgId, owner.orgId));
    const outbox = await tx
      .select({ type: domainEvents.type, occurredAt: domainEvents.occurredAt })
      .from(domainEvents)
      .where(eq(domainEvents.orgId, owner.orgId));
    // Contacts by number (their ids and update times are the transactions' own).
    const people = await tx
      .select({
        phone: contacts.phoneE164,
        lastInteractionAt: contacts.lastInteractionAt,
        channels: contacts.channels,
        testOnly: contacts.testOnly,
      })
      .from(contacts)
      .where(eq(contacts.orgId, owner.orgId))
      .orderBy(asc(contacts.phoneE164));
    // An event without a time of its own touches the contact at its receipt.
    const touched = (at: Date | null) => (at && at >= RECEIPTS_FROM ? "at receipt" : at);
    const events = await tx
      .select({ status: webhookEvents.status })
      .from(webhookEvents)
      .where(eq(webhookEvents.orgId, owner.orgId));
    // Which jobs, not how many: events either side of a throttling slot's edge give two (harmless).
    const jobs = await ownerSql()<{ name: string }[]>`
      select distinct name from pgboss.job
       where data->>'orgId' = ${owner.orgId} order by name`;
    // A call's start defaults to its row's creation: the time of the transaction that made it.
    const names = new Map(idOf);
    for (const call of calls) names.set(call.createdAt.toISOString(), "created");
    const anonymous = (text: unknown) =>
      [...names].reduce((s, [id, name]) => s.replaceAll(id, name), JSON.stringify(text));
    return {
      calls: calls.map((call) => ({
        ...call,
        id: idOf.get(call.id),
        contactId: Boolean(call.contactId),
        orgId: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      })),
      turns: turns
        .map((turn) => ({ ...turn, conversationId: idOf.get(turn.conversationId) }))
        .sort(
          (x, y) => `${x.conversationId}`.localeCompare(`${y.conversationId}`) || x.seq - y.seq,
        ),
      timeline: timeline.map((entry) => anonymous(entry)).sort(),
      outbox: outbox.map((event) => anonymous(event)).sort(),
      contacts: people.map((c) => ({ ...c, lastInteractionAt: touched(c.lastInteractionAt) })),
      events: events.map((event) => event.status).sort(),
      jobs: jobs.map((job) => job.name),
    };
  });
}

describe("several events of one org in one transaction", () => {
  it("leave the same calls, transcripts, timeline, domain events and jobs as one by one", async () => {
    const [batched, single] = owners;
    for (const body of EVENTS) {
      await post(0, body);
      await post(1, body);
    }
    const outcomes = await processWebhookEvents(batched!.orgId, await eventIds(batched!.orgId));
    expect(outcomes.every((o) => o === "processed")).toBe(true);
    for (const id of await eventIds(single!.orgId)) {
      await processWebhookEvent({ orgId: single!.orgId, eventId: id });
    }
    const [a, b] = [await outcome(batched!), await outcome(single!)];
    expect(a.calls).toHaveLength(2);
    expect(a.calls.every((call) => call.status === "ended")).toBe(true);
    expect(a).toStrictEqual(b);

    // A redelivered batch changes nothing.
    const again = await processWebhookEvents(batched!.orgId, await eventIds(batched!.orgId));
    expect(again.every((o) => o === "already-processed")).toBe(true);
    expect(await outcome(batched!)).toStrictEqual(a);
  });

  it("write a batch's calls and contacts once at its end, leaving the rows of one by one", async () => {
    // The bench's shape (status updates of several live calls interleaved) with what makes the
    // held rows go out early: a report bringing a transcript (its call is read again), and two
    // calls from one caller (one contact touched by both, each time later).
    const [batched, single] = [owners[3]!, owners[4]!];
    const caller = (n: number, phone: string) =>
      ({
        callId: `0b0f3c2e-9d1a-4e7b-8c5f-2a6d1e9b7d${n}0`,
        callSid: `CA00000000000000000000000000000d${n}0`,
        customerNumber: phone,
      }) as unknown as Partial<VapiIds>;
    const [c, d, e, f] = [
      caller(1, "+14155550144"),
      caller(2, "+14155550144"),
      caller(3, "+14155550155"),
      caller(4, "+14155550166"),
    ];
    const later = (call: Partial<VapiIds>, minutes: number) => ({
      ...call,
      timestamp: Date.parse("2025-03-04T18:00:00.000Z") + minutes * 60_000,
    });
    // Twilio's completed callback of call e after VAPI's end: the end's timeline entry is written
    // twice in the batch, the richer last.
    const completed = callStatusCallback("completed", {
      CallSid: (e as { callSid: string }).callSid,
      From: "+14155550155",
      Caller: "+14155550155",
    });
    const events: (VapiBody | typeof completed)[] = [
      statusUpdate("queued", later(c, 1)),
      statusUpdate("queued", later(e, 2)),
      statusUpdate("ringing", later(c, 3)),
      statusUpdate("queued", later(d, 4)),
      statusUpdate("in-progress", later(c, 5)),
      statusUpdate("queued", later(f, 5)),
      statusUpdate("in-progress", later(f, 6)),
      // A transcript: the call is read again, so its held row must be written first.
      conversationUpdate(4, later(f, 7)),
      statusUpdate("ringing", later(e, 6)),
      statusUpdate("ended", later(e, 7)),
      completed,
      statusUpdate("in-progress", later(d, 8)),
      endOfCallReport(c),
      statusUpdate("ended", later(c, 9)),
      statusUpdate("ringing", later(d, 10)),
      statusUpdate("ended", later(d, 11)),
      statusUpdate("scheduled", later(e, 12)), // late: must not move the call backwards
    ];
    for (const body of events) {
      for (const org of [3, 4]) {
        if (body === completed) {
          const { twilioEndpoint, authToken } = channels[org]!;
          const response = await postTwilio(twilioEndpoint, "status", completed, authToken);
          expect(response.status).toBe(200);
        } else await post(org, body as VapiBody);
      }
    }
    const outcomes = await processWebhookEvents(batched.orgId, await eventIds(batched.orgId));
    expect(outcomes.every((o) => o === "processed")).toBe(true);
    for (const id of await eventIds(single.orgId)) {
      await processWebhookEvent({ orgId: single.orgId, eventId: id });
    }
    const [a, b] = [await outcome(batched), await outcome(single)];
    expect(a.calls.map((call) => call.status)).toStrictEqual([
      "ended",
      "ended",
      "ended",
      "in-progress",
    ]);
    expect(a.contacts).toHaveLength(3);
    // The shared caller's last interaction is the last event of either call.
    expect(a.contacts[0]!.lastInteractionAt).toStrictEqual(
      new Date(Date.parse("2025-03-04T18:00:00.000Z") + 11 * 60_000),
    );
    expect(a).toStrictEqual(b);
  });

  it("one event that fails is retried alone; the others of its batch are applied once", async () => {
    const owner = owners[2]!;
    // A real database failure for one caller only.
    await ownerSql().unsafe(`
      create or replace function test_refuse_caller() returns trigger language plpgsql as $$
      begin
        if new.phone_e164 = '+14155550133' then raise exception 'refused by the test'; end if;
        return new;
      end $$;
      create trigger test_refuse_caller before insert on contacts
        for each row execute function test_refuse_caller();`);
    const bad = { ...callB, callId: "0b0f3c2e-9d1a-4e7b-8c5f-2a6d1e9b7c33" };
    bad.callSid = "CA00000000000000000000000000000c03" as VapiIds["callSid"];
    bad.customerNumber = "+14155550133" as VapiIds["customerNumber"];
    for (const body of [
      statusUpdate("queued", callA),
      statusUpdate("ringing", callA),
      statusUpdate("queued", bad),
      endOfCallReport(callB),
    ]) {
      await post(2, body);
    }
    // All four in one claim, so in one batch: the failing one forces the one-by-one path.
    const worker = startInboxWorker(getSystemClient().sql, {
      concurrency: 8,
      perOrg: 8,
      idleMs: 50,
    });
    try {
      const statuses = await waitFor(
        async () =>
          (
            await ownerSql()<{ status: string }[]>`
              select status from webhook_events where org_id = ${owner.orgId} order by received_at`
          ).map((row) => row.status),
        (seen) => seen.every((s) => s === "processed" || s === "failed"),
        { timeout: 20_000, interval: 50 },
      );
      expect(statuses).toStrictEqual(["processed", "processed", "failed", "processed"]);
    } finally {
      await worker.stop();
      await ownerSql().unsafe(`drop trigger test_refuse_caller on contacts;
        drop function test_refuse_caller();`);
    }
    // One claim, one attempt each (the rolled-back batch and the run alone are the same attempt);
    // the failed one waits for its retry, 5 s later, with the database's reason.
    const events = await ownerSql()<
      { status: string; attempts: number; retry_in: number | null; last_error: string | null }[]
    >`
      select status, attempts, last_error,
             round(extract(epoch from next_attempt_at - now()))::int as retry_in
        from webhook_events where org_id = ${owner.orgId} order by received_at`;
    expect(events.map((e) => [e.status, e.attempts])).toStrictEqual([
      ["processed", 1],
      ["processed", 1],
      ["failed", 1],
      ["processed", 1],
    ]);
    expect(events[2]!.last_error).toBe("refused by the test");
    expect(events[2]!.retry_in).toBeGreaterThan(0);
    expect(events[2]!.retry_in).toBeLessThanOrEqual(5);
    const result = await outcome(owner);
    expect(result.calls.map((call) => call.vapiCallId).sort()).toStrictEqual(
      [callA.callId, callB.callId].sort(),
    );
    expect(result.outbox.filter((e) => e.includes("conversation.started"))).toHaveLength(2);
  });
});
