import { drainInbox } from "@/test/inbox";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations, learningSignals } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { work } from "@/lib/jobs/worker";
import { selectVertical } from "@/lib/verticals/service";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { incomingSms } from "@/test/fixtures/twilio";
import { endOfCallReport, VAPI_IDS } from "@/test/fixtures/vapi";
import { waitFor } from "@/test/wait";
import { connectChannels, postTwilio, postVapi, type Connected } from "@/test/webhooks";
import { learningSignalsJob } from "./signals-job";

// Every ingested conversation is read for learning signals, whoever called: a call from a
// withheld number and an SMS from a sender that is not a phone number have no contact (so no
// memory), and still enqueue their signals.

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let A: Connected;

beforeAll(async () => {
  a = await createOwner();
  A = await connectChannels(a.ctx);
  await selectVertical(a.ctx, { slug: "real-estate" });
  await work(await getBoss(), learningSignalsJob);
});

async function ingest(orgId: string) {
  await drainInbox(orgId);
}

/** The learning jobs enqueued for one conversation (any state). */
const learningJobsOf = (conversationId: string) => ownerSql()<{ id: string }[]>`
  select id from pgboss.job
   where name = ${QUEUES.learningSignals.name} and data->>'conversationId' = ${conversationId}`;

async function contactlessConversation(channel: "voice" | "sms") {
  const rows = await withTenant(a.ctx, (tx) =>
    tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.orgId, tx.orgId),
          eq(conversations.channel, channel),
          isNull(conversations.contactId),
        ),
      ),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

const at = Date.parse("2026-11-02T10:00:00Z");
const line = (role: "bot" | "user", message: string, i: number) => ({
  role,
  message,
  time: at + i * 5000,
  endTime: at + i * 5000 + 3000,
  secondsFromStart: i * 5,
  duration: 3000,
  source: "",
});

describe("learning signals of conversations without a contact", () => {
  it("are written for a call from a withheld number", async () => {
    const body = endOfCallReport({
      customerNumber: "anonymous" as typeof VAPI_IDS.customerNumber,
      message: {
        artifact: {
          messages: [
            line("bot", "Hi, thanks for calling. How can I help?", 0),
            line("user", "Do you accept pets in your rentals?", 1),
            line("bot", "I'm not sure about that, let me check and call you back.", 2),
          ],
        },
      },
    });
    const res = await postVapi(A.vapiEndpoint, body, { "x-vapi-secret": A.vapiSecret });
    expect(res.status).toBe(200);
    await ingest(a.orgId);
    const conversationId = await contactlessConversation("voice");
    expect(await learningJobsOf(conversationId)).toHaveLength(1);

    // The job waits out the call report's grace: start it now.
    await ownerSql()`update pgboss.job set start_after = now()
      where name = ${QUEUES.learningSignals.name} and data->>'conversationId' = ${conversationId}`;
    const signals = await waitFor(
      () =>
        withTenant(a.ctx, (tx) =>
          tx
            .select()
            .from(learningSignals)
            .where(
              and(
                eq(learningSignals.orgId, tx.orgId),
                eq(learningSignals.conversationId, conversationId),
              ),
            ),
        ),
      (rows) => rows.length === 2,
      { timeout: 20_000 },
    );
    expect(signals.map((s) => s.outcome).sort()).toEqual(["answered", "deflected"]);
    expect(signals.every((s) => s.contactId === null)).toBe(true);
  });

  it("are enqueued for an SMS from a sender that is not a phone number", async () => {
    const res = await postTwilio(
      A.twilioEndpoint,
      "sms",
      incomingSms({ From: "LUNEOTEST", Body: "Do you take pets?" }),
      A.authToken,
    );
    expect(res.status).toBe(200);
    await ingest(a.orgId);
    const conversationId = await contactlessConversation("sms");
    expect(await learningJobsOf(conversationId)).toHaveLength(1);
  });
});
