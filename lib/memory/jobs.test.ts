import { drainInbox } from "@/test/inbox";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactMemory, conversations } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { callStatusCallback, incomingSms, TWILIO_IDS } from "@/test/fixtures/twilio";
import { endOfCallReport, statusUpdate } from "@/test/fixtures/vapi";
import { waitFor } from "@/test/wait";
import { connectChannels, postTwilio, postVapi, type Connected } from "@/test/webhooks";
import { work } from "@/lib/jobs/worker";
import { enqueueMemorySummary } from "./jobs";
import { memoryJob } from "./summarise-job";
import { getSummaryJob } from "./queries";
import {
  conversationSummary,
  insertContact,
  insertConversation,
  REAL_ESTATE_CALL,
} from "@/test/fixtures/memory";
import { CALL_REPORT_GRACE_SECONDS, SMS_THREAD_IDLE_MINUTES_DEFAULT } from "./triggers";

// memory.summarize on the real pg-boss: the worker, its retries, and the ingestion paths that
// enqueue it when a conversation resolves.

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let A: Connected;

beforeAll(async () => {
  a = await createOwner();
  A = await connectChannels(a.ctx);
  await work(await getBoss(), memoryJob);
});

type JobRow = {
  id: string;
  data: Record<string, unknown>;
  singleton_key: string;
  start_after: string;
  singleton_on: string | null;
  state: string;
};

/** The memory jobs of one conversation, as pg-boss stores them (timestamps as text: this client
 * leaves their parsing to Drizzle's column mappers). */
async function memoryJobs(conversationId: string) {
  return ownerSql()<JobRow[]>`
    select id, data, singleton_key, start_after, singleton_on, state from pgboss.job
     where name = ${QUEUES.memory.name} and data->>'conversationId' = ${conversationId}
     order by created_on`;
}

/** Runs the ingest job of every stored webhook event of the org, like the ingest worker. */
async function ingest(orgId: string) {
  await drainInbox(orgId);
}

describe("the memory worker", () => {
  it("summarises what was enqueued, and the job reads completed", async () => {
    const contactId = await insertContact(a.ctx);
    const conversationId = await insertConversation(a.ctx, { contactId, turns: REAL_ESTATE_CALL });
    const jobId = await withTenant(a.ctx, (tx) => enqueueMemorySummary(tx, conversationId));
    expect(jobId).toEqual(expect.any(String));
    const summary = await waitFor(
      () => conversationSummary(a.ctx, conversationId),
      (s) => s.summarisedAt !== null,
    );
    expect(summary.summarySource).toBe("offline");
    const job = await waitFor(
      () => getSummaryJob(a.ctx, jobId!),
      (j) => j.state === "completed",
    );
    expect(job).toMatchObject({ state: "completed", completedOn: expect.any(Date) });
  });

  it("retries a job that failed on the database, and the retry writes the memory", async () => {
    const contactId = await insertContact(a.ctx);
    const conversationId = await insertConversation(a.ctx, { contactId, turns: REAL_ESTATE_CALL });
    // Break this test database's memory table (its own copy) until the first attempt has failed.
    await ownerSql()`alter table contact_memory add constraint test_refuses_memory check (false) not valid`;
    let jobId: string | null;
    try {
      // The queue's policy retries after 10 s, 20 s…; a 1 s delay keeps the test short.
      jobId = await (
        await getBoss()
      ).send(
        QUEUES.memory.name,
        { orgId: a.orgId, conversationId },
        { retryDelay: 1, retryBackoff: false },
      );
      const failed = await waitFor(
        () => memoryJobs(conversationId),
        (jobs) => jobs[0]?.state === "retry",
      );
      expect(failed[0]?.state).toBe("retry");
    } finally {
      await ownerSql()`alter table contact_memory drop constraint test_refuses_memory`;
    }
    const job = await waitFor(
      () => getSummaryJob(a.ctx, jobId!),
      (j) => j.state === "completed",
    );
    expect(job.state).toBe("completed");
    const [memory] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(contactMemory)
        .where(and(eq(contactMemory.orgId, a.orgId), eq(contactMemory.contactId, contactId))),
    );
    expect(memory?.lastConversationId).toBe(conversationId);
  });
});

describe("when a conversation resolves", () => {
  it("a call's end enqueues its summary after VAPI's report is due, collapsing the end events", async () => {
    const secret = { "x-vapi-secret": A.vapiSecret };
    const before = Date.now();
    await postTwilio(A.twilioEndpoint, "status", callStatusCallback("in-progress"), A.authToken);
    await ingest(a.orgId);
    const [call] = await withTenant(a.ctx, (tx) =>
      tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(
          and(
            eq(conversations.orgId, a.orgId),
            eq(conversations.twilioCallSid, TWILIO_IDS.callSid),
          ),
        ),
    );
    // Not ended yet: nothing to summarise.
    expect(await memoryJobs(call!.id)).toEqual([]);

    // Three ways of hearing it ended: Twilio's completed, VAPI's status, VAPI's report.
    await postTwilio(A.twilioEndpoint, "status", callStatusCallback("completed"), A.authToken);
    await postVapi(A.vapiEndpoint, statusUpdate("ended"), secret);
    await postVapi(A.vapiEndpoint, endOfCallReport(), secret);
    await ingest(a.orgId);

    const jobs = await memoryJobs(call!.id);
    // One job per throttling window (two only if the events straddled a window's edge).
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    expect(jobs.length).toBeLessThanOrEqual(2);
    expect(new Set(jobs.map((j) => j.singleton_on)).size).toBe(jobs.length);
    for (const job of jobs) {
      expect(job.data).toEqual({ orgId: a.orgId, conversationId: call!.id });
      expect(job.singleton_key).toBe(`conversation:${call!.id}`);
      const delay = (new Date(job.start_after).getTime() - before) / 1000;
      expect(delay).toBeGreaterThan(CALL_REPORT_GRACE_SECONDS - 5);
      expect(delay).toBeLessThan(CALL_REPORT_GRACE_SECONDS + 30);
      expect(job.state).toBe("created");
    }
  });

  it("each SMS enqueues a summary for when the thread will have been quiet long enough", async () => {
    const b = await createOwner();
    const B = await connectChannels(b.ctx);
    const before = Date.now();
    const sms = (sid: string, body: string) =>
      postTwilio(
        B.twilioEndpoint,
        "sms",
        incomingSms({ MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, Body: body }),
        B.authToken,
      );
    await sms("SM00000000000000000000000000000001", "Hi, is the flat on Marine Parade free?");
    await sms("SM00000000000000000000000000000002", "Could someone call me back after 5pm?");
    // A redelivery of the first: no second job for it.
    await sms("SM00000000000000000000000000000001", "Hi, is the flat on Marine Parade free?");
    await ingest(b.orgId);

    const [thread] = await withTenant(b.ctx, (tx) =>
      tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.orgId, b.orgId), eq(conversations.channel, "sms"))),
    );
    const jobs = await memoryJobs(thread!.id);
    expect(jobs).toHaveLength(2);
    expect(new Set(jobs.map((j) => j.singleton_key)).size).toBe(2);
    for (const job of jobs) {
      expect(job.singleton_key).toMatch(
        new RegExp(`^conversation:${thread!.id}:message:[0-9a-f-]{36}$`),
      );
      const delay = (new Date(job.start_after).getTime() - before) / 1000;
      expect(delay).toBeGreaterThan(SMS_THREAD_IDLE_MINUTES_DEFAULT * 60 - 5);
      expect(delay).toBeLessThan(SMS_THREAD_IDLE_MINUTES_DEFAULT * 60 + 30);
    }
  });
});
