import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWebhookSql } from "@/db";
import { ingestJob } from "@/lib/ingest/normalize-job";
import { stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { connectChannels } from "@/test/webhooks";
import { endpointFor } from "./endpoint-cache";
import { createGroupCommitWriter, storeEvents, takeBatch, textArrayLiteral } from "./group-commit";
import type { Endpoint, NewEvent } from "./inbox-store";

// The receiver stores events that arrive together in one statement (group-commit.ts). These tests
// hold that statement to the one-event path: same rows, same jobs, redeliveries collapsed, each
// org's rows under its own scope, and one bad event failing only itself.

await setupFreshDatabase();
afterAll(stopBoss);

let a: { owner: TestOwner; endpoint: Endpoint };
let b: { owner: TestOwner; endpoint: Endpoint };
const setUp = async () => {
  const owner = await createOwner();
  const channels = await connectChannels(owner.ctx);
  const endpoint = await endpointFor(getWebhookSql(), owner.orgId, "vapi", channels.vapiEndpoint);
  return { owner, endpoint: endpoint! };
};
beforeAll(async () => {
  a = await setUp();
  b = await setUp();
});

const event = (over: Partial<NewEvent> = {}): NewEvent => ({
  provider: "vapi",
  kind: "status-update",
  eventKey: `status:${randomUUID()}`,
  status: "received",
  rawBody: JSON.stringify({ message: { type: "status-update" } }),
  headers: { "content-type": "application/json" },
  orderKey: `call-${randomUUID()}`,
  ...over,
});

const jobsOf = async (eventIds: string[]) =>
  ownerSql()<{ org: string; event: string; order_key: string | null }[]>`
    select data->>'orgId' as org, data->>'eventId' as event, data->>'orderKey' as order_key
      from pgboss.job where name = ${ingestJob.name} and data->>'eventId' = any(${eventIds})`;

describe("several events in one statement", () => {
  it("stores each event under its own org, with one job per accepted event", async () => {
    const events = [
      { endpoint: a.endpoint, event: event() },
      { endpoint: b.endpoint, event: event({ orderKey: null }) },
      { endpoint: a.endpoint, event: event({ status: "rejected", rejectReason: "bad body" }) },
    ];
    const ids = await storeEvents(getWebhookSql(), events);
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    const rows = await ownerSql()<
      { id: string; org_id: string; status: string; reject_reason: string | null }[]
    >`
      select id, org_id, status, reject_reason from webhook_events where id = any(${ids as string[]})`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(ids[0]!)).toMatchObject({ org_id: a.owner.orgId, status: "received" });
    expect(byId.get(ids[1]!)).toMatchObject({ org_id: b.owner.orgId, status: "received" });
    expect(byId.get(ids[2]!)).toMatchObject({ status: "rejected", reject_reason: "bad body" });
    const jobs = await jobsOf(ids as string[]);
    expect(jobs).toHaveLength(2); // none for the rejected event
    expect(jobs.find((job) => job.event === ids[0])).toMatchObject({
      org: a.owner.orgId,
      order_key: events[0]!.event.orderKey,
    });
    expect(jobs.find((job) => job.event === ids[1])).toMatchObject({
      org: b.owner.orgId,
      order_key: null,
    });
  });

  it("answers null for a redelivery, in the same batch or a later one, and enqueues once", async () => {
    const first = event();
    const ids = await storeEvents(getWebhookSql(), [
      { endpoint: a.endpoint, event: first },
      { endpoint: a.endpoint, event: first },
    ]);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).toBeNull();
    const again = await storeEvents(getWebhookSql(), [
      { endpoint: a.endpoint, event: first },
      { endpoint: b.endpoint, event: event() },
    ]);
    expect(again[0]).toBeNull();
    expect(await jobsOf([ids[0]!])).toHaveLength(1);
  });

  it("writes nothing of a batch when one of its events cannot be stored", async () => {
    // An org that does not exist (a channel deleted a moment ago): its row breaks a foreign key.
    const gone = { ...a.endpoint, orgId: randomUUID() };
    const kept = event();
    await expect(
      storeEvents(getWebhookSql(), [
        { endpoint: a.endpoint, event: kept },
        { endpoint: gone, event: event() },
      ]),
    ).rejects.toThrow();
    const [row] = await ownerSql()<{ count: number }[]>`
      select count(*)::int from webhook_events where event_key = ${kept.eventKey}`;
    expect(row?.count).toBe(0);
  });
});

describe("the group-commit writer", () => {
  it("answers every request, and a bad event fails only its own", async () => {
    const writer = createGroupCommitWriter(getWebhookSql(), { inFlight: 1, maxBatch: 64 });
    const gone = { ...a.endpoint, orgId: randomUUID() };
    const good = Array.from({ length: 6 }, () => writer.store(a.endpoint, event()));
    const bad = writer.store(gone, event());
    const later = Array.from({ length: 6 }, () => writer.store(b.endpoint, event()));
    const settled = await Promise.allSettled([...good, bad, ...later]);
    expect(settled.map((s) => s.status)).toStrictEqual([
      ...Array(6).fill("fulfilled"),
      "rejected",
      ...Array(6).fill("fulfilled"),
    ]);
    const ids = settled.flatMap((s) =>
      s.status === "fulfilled" && s.value.eventId ? [s.value.eventId] : [],
    );
    expect(new Set(ids).size).toBe(12);
    expect(await jobsOf(ids)).toHaveLength(12);
  });
});

describe("choosing a batch", () => {
  const item = (orgId: string, orderKey: string | null, rawBytes: Buffer | null = null) => ({
    endpoint: { orgId } as Endpoint,
    event: event({ orderKey, rawBytes }),
  });

  it("keeps a second event of one call for the next statement, in arrival order", () => {
    const waiting = [item("o1", "c1"), item("o1", "c2"), item("o1", "c1"), item("o2", "c1")];
    const { batch, rest } = takeBatch(waiting, 64);
    expect(batch).toStrictEqual([waiting[0], waiting[1], waiting[3]]);
    expect(rest).toStrictEqual([waiting[2]]);
  });

  it("takes at most the batch size, and an event with raw bytes alone", () => {
    const waiting = [item("o1", null), item("o1", null), item("o1", null, Buffer.from([0]))];
    expect(takeBatch(waiting, 2).batch).toHaveLength(2);
    const bytesFirst = [waiting[2]!, waiting[0]!];
    expect(takeBatch(bytesFirst, 64)).toStrictEqual({ batch: [waiting[2]], rest: [waiting[0]] });
    expect(takeBatch(waiting, 64).rest).toStrictEqual([waiting[2]]);
  });
});

describe("the array literal", () => {
  it("gives PostgreSQL back exactly the strings sent, NULL included", async () => {
    const values = ['a "quoted" \\ back\\slash', "{braces},commas", "NULL", "", "é 📞", null, true];
    const rows = await ownerSql()<{ item: string | null }[]>`
      select t.item from unnest(${textArrayLiteral(values)}::text[]) with ordinality as t(item, n)
       order by t.n`;
    expect(rows.map((row) => row.item)).toStrictEqual(
      values.map((v) => (v === null ? null : String(v))),
    );
  });
});
