import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelSecrets, webhookEvents } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { processWebhookEvent } from "@/lib/ingest/process-event";
import { stopBoss } from "@/lib/jobs/boss";
import { startWorkers } from "@/lib/jobs/worker";
import { getWebhookEvent, listWebhookEvents } from "@/lib/webhooks/log-queries";
import { replayWebhookEvent } from "@/lib/webhooks/replay";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { statusUpdate } from "@/test/fixtures/vapi";
import { waitFor } from "@/test/wait";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { getChannels } from "./queries";
import { saveTwilioConnection, saveVapiConnection } from "./service";
import { twilioConnectionSchema, vapiConnectionSchema } from "./schemas";

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let A: Connected;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
  A = await connectChannels(a.ctx);
  await connectChannels(b.ctx);
});

const callId = () => `call-${Math.random().toString(36).slice(2)}`;

describe("channel settings", () => {
  it("stores credentials encrypted and never returns them", async () => {
    const [secret] = await withTenant(a.ctx, (tx) => tx.select().from(channelSecrets).limit(1));
    expect(secret!.ciphertext).toMatch(/^v1\.test\./);
    expect(secret!.ciphertext).not.toContain(A.vapiSecret);
    const channels = await getChannels(a.ctx);
    expect(JSON.stringify(channels)).not.toContain(A.vapiSecret);
    expect(JSON.stringify(channels)).not.toContain(A.authToken);
    expect(channels.vapi!.secretSetAt).toBeInstanceOf(Date);
    expect(channels.twilio!.urls.voice).toBe(
      `http://localhost:3000/api/webhooks/twilio/${A.twilioEndpoint}/voice`,
    );
  });

  it("does not let a member connect channels or read them", async () => {
    const input = vapiConnectionSchema.parse({
      authMode: "bearer",
      secret: "a-member-secret-0123456789",
    });
    await expectAppError(saveVapiConnection(member.ctx, input), "FORBIDDEN");
    await expectAppError(getChannels(member.ctx), "FORBIDDEN");
    const [{ n }] = (await withTenant(a.ctx, (tx) =>
      tx.execute(
        sql`select count(*)::int as n from channel_connections where config->>'authMode' = 'bearer'`,
      ),
    )) as unknown as [{ n: number }];
    expect(n).toBe(0);
  });

  it("requires the token to connect, with a field error, and writes nothing", async () => {
    const owner = await createOwner();
    const input = twilioConnectionSchema.parse({
      accountSid: `AC${"a".repeat(32)}`,
      phoneNumbers: "+14155552671",
    });
    const error = await expectAppError(saveTwilioConnection(owner.ctx, input), "VALIDATION");
    expect(error.fieldErrors?.authToken).toBeDefined();
    expect((await getChannels(owner.ctx)).twilio).toBeNull();
  });

  it("rejects malformed input with words a person understands", () => {
    const bad = twilioConnectionSchema.safeParse({
      accountSid: "XX12",
      authToken: "short",
      phoneNumbers: "0612345678",
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["accountSid", "authToken", "phoneNumbers"]));
  });
});

describe("webhook log", () => {
  let eventId: string;
  beforeAll(async () => {
    await postVapi(A.vapiEndpoint, statusUpdate("ringing", { callId: callId() }), {
      "x-vapi-secret": A.vapiSecret,
    });
    const { rows } = await listWebhookEvents(a.ctx, {});
    eventId = rows[0]!.id;
  });

  it("lists and shows an org's own events, with secrets masked", async () => {
    const event = await getWebhookEvent(a.ctx, eventId);
    expect(event.kind).toBe("status-update");
    expect(event.payload).toContain('"type": "status-update"');
  });

  it("searches what was typed literally: % and _ are not wildcards", async () => {
    expect((await listWebhookEvents(a.ctx, { search: "status" })).rows.length).toBeGreaterThan(0);
    expect((await listWebhookEvents(a.ctx, { search: "%" })).rows).toEqual([]);
    expect((await listWebhookEvents(a.ctx, { search: "status_update" })).rows).toEqual([]);
  });

  it("shows org B none of org A's events: not in the list, not found by id", async () => {
    expect((await listWebhookEvents(b.ctx, {})).rows.map((r) => r.id)).not.toContain(eventId);
    await expectAppError(getWebhookEvent(b.ctx, eventId), "NOT_FOUND");
  });

  it("does not let a member read the log or replay", async () => {
    await expectAppError(listWebhookEvents(member.ctx, {}), "FORBIDDEN");
    await expectAppError(replayWebhookEvent(member.ctx, eventId), "FORBIDDEN");
  });

  it("replays only failed or dead-lettered events, and only in their own org", async () => {
    await expectAppError(replayWebhookEvent(a.ctx, eventId), "CONFLICT");
    await withSystem("test: dead-letter an event", (tx) =>
      tx
        .update(webhookEvents)
        .set({ status: "dead_lettered", lastError: "boom" })
        .where(eq(webhookEvents.id, eventId)),
    );
    await expectAppError(replayWebhookEvent(b.ctx, eventId), "NOT_FOUND");
    await replayWebhookEvent(a.ctx, eventId);
    const [row] = await withTenant(a.ctx, (tx) =>
      tx.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)),
    );
    expect(row).toMatchObject({ status: "received", lastError: null });
    expect(await processWebhookEvent({ orgId: a.orgId, eventId })).toBe("processed");
  });
});

describe("the worker", () => {
  it("processes what the route enqueued, on real pg-boss", async () => {
    await startWorkers();
    const id = callId();
    expect(
      (
        await postVapi(A.vapiEndpoint, statusUpdate("in-progress", { callId: id }), {
          "x-vapi-secret": A.vapiSecret,
        })
      ).status,
    ).toBe(200);
    const row = await waitFor(
      async () =>
        (
          await withTenant(a.ctx, (tx) =>
            tx
              .select({ status: webhookEvents.status })
              .from(webhookEvents)
              .where(
                and(
                  eq(webhookEvents.orgId, a.orgId),
                  sql`${webhookEvents.eventKey} like ${`${id}%`}`,
                ),
              ),
          )
        )[0],
      (r) => r?.status === "processed",
    );
    expect(row?.status).toBe("processed");
  });

  it("marks an event failed with its error when processing throws, leaving retries to pg-boss", async () => {
    // Break this test database's timeline (its own copy): every call event now fails to apply.
    // (DDL needs the owning connection: neither app role may alter tables.)
    await ownerSql()`alter table timeline_events add constraint test_refuses_everything check (false) not valid`;
    const id = callId();
    await postVapi(A.vapiEndpoint, statusUpdate("in-progress", { callId: id }), {
      "x-vapi-secret": A.vapiSecret,
    });
    const row = await waitFor(
      async () =>
        (
          await withTenant(a.ctx, (tx) =>
            tx
              .select({
                status: webhookEvents.status,
                lastError: webhookEvents.lastError,
                attempts: webhookEvents.attempts,
              })
              .from(webhookEvents)
              .where(
                and(
                  eq(webhookEvents.orgId, a.orgId),
                  sql`${webhookEvents.eventKey} like ${`${id}%`}`,
                ),
              ),
          )
        )[0],
      (r) => r?.status === "failed",
    );
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.lastError).toMatch(/test_refuses_everything/);
    await ownerSql()`alter table timeline_events drop constraint test_refuses_everything`;
  });
});
