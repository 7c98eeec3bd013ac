import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWebhookSql } from "@/db";
import { stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { connectChannels, type Connected } from "@/test/webhooks";
import { endpointFor } from "./endpoint-cache";
import { storeEvent, type Endpoint, type NewEvent } from "./inbox-store";

// The receiver's one statement (luneo_store_webhook_event, migration 0046) writes the event, which
// is also its processing job (docs/adr/0019): one row, waiting in the inbox's queue.

await setupFreshDatabase();
afterAll(stopBoss);

let owner: TestOwner;
let channels: Connected;
let endpoint: Endpoint;
beforeAll(async () => {
  owner = await createOwner();
  channels = await connectChannels(owner.ctx);
  endpoint = (await endpointFor(getWebhookSql(), owner.orgId, "vapi", channels.vapiEndpoint))!;
});

const event = (over: Partial<NewEvent> = {}): NewEvent => ({
  provider: "vapi",
  kind: "status-update",
  eventKey: `status:${randomUUID()}`,
  status: "received",
  rawBody: "{}",
  headers: { "content-type": "application/json" },
  orderKey: "call-7",
  ...over,
});

const storedRow = async (id: string | null) =>
  (
    await ownerSql()<
      { status: string; order_key: string | null; attempts: number; waiting: boolean }[]
    >`
      select status, order_key, attempts,
             exists (select 1 from webhook_events w
                      where w.org_id = e.org_id and w.id = e.id
                        and w.status in ('received', 'processing', 'failed')) as waiting
        from webhook_events e where org_id = ${owner.orgId} and id = ${id}`
  )[0];

describe("storing a webhook event in one statement", () => {
  it("writes one row, waiting in the queue with its call's order key, and no pg-boss job", async () => {
    const stored = await storeEvent(getWebhookSql(), endpoint, event());
    expect(stored.duplicate).toBe(false);
    expect(await storedRow(stored.eventId)).toStrictEqual({
      status: "received",
      order_key: "call-7",
      attempts: 0,
      waiting: true,
    });
    const jobs =
      await ownerSql()`select 1 from pgboss.job where data->>'eventId' = ${stored.eventId}`;
    expect(jobs).toHaveLength(0);
  });

  it("collapses a redelivery: no second event", async () => {
    const first = event();
    const [a, b] = [
      await storeEvent(getWebhookSql(), endpoint, first),
      await storeEvent(getWebhookSql(), endpoint, first),
    ];
    expect(b).toStrictEqual({ eventId: null, duplicate: true });
    const [row] = await ownerSql()<{ count: number }[]>`
      select count(*)::int from webhook_events
       where org_id = ${owner.orgId} and event_key = ${first.eventKey}`;
    expect(row?.count).toBe(1);
    expect(a.duplicate).toBe(false);
  });

  it("stores a rejected event outside the queue", async () => {
    const rejected = await storeEvent(
      getWebhookSql(),
      endpoint,
      event({ status: "rejected", rejectReason: "not JSON", orderKey: null }),
    );
    expect(await storedRow(rejected.eventId)).toMatchObject({ status: "rejected", waiting: false });
  });

  it("compresses a large body with lz4 where the server has it (migration 0044)", async () => {
    // A server without lz4 refuses the method in a column definition.
    const lz4 = await ownerSql()
      .begin(async (tx) => {
        await tx`create temp table lz4_probe (t text compression lz4) on commit drop`;
        return true;
      })
      .catch(() => false);
    const body = JSON.stringify({ turns: Array.from({ length: 400 }, (_, i) => `turn ${i}`) });
    const stored = await storeEvent(getWebhookSql(), endpoint, event({ rawBody: body }));
    const [row] = await ownerSql()<{ method: string | null }[]>`
      select pg_column_compression(raw_body) as method from webhook_events
       where org_id = ${owner.orgId} and id = ${stored.eventId}`;
    expect(row?.method).toBe(lz4 ? "lz4" : "pglz");
  });

  it("goes through the webhook path's own small pool (WEBHOOK_DATABASE_POOL_SIZE, docs/adr/0020)", () => {
    expect(getWebhookSql().options.max).toBe(4);
  });

  it("runs with the caller's rights, not its owner's, and only the app role may call it", async () => {
    const [fn] = await ownerSql()<{ definer: boolean; app: boolean; system: boolean }[]>`
      select p.prosecdef as definer,
             has_function_privilege('luneo_app', p.oid, 'execute') as app,
             has_function_privilege('luneo_system', p.oid, 'execute') as system
        from pg_proc p where p.proname = 'luneo_store_webhook_event'`;
    expect(fn).toStrictEqual({ definer: false, app: true, system: false });
  });
});

// No foreign key to orgs (its check locked the org's row on every event: docs/adr/0020); a trigger
// does what its ON DELETE CASCADE did.
describe("an org's deletion", () => {
  const keysOf = async (orgId: string) =>
    (
      await ownerSql()<{ event_key: string }[]>`
        select event_key from webhook_events where org_id = ${orgId}`
    ).map((r) => r.event_key);

  it("deletes its inbox and nobody else's, and leaves the deleter's scope as it was", async () => {
    const other = await createOwner();
    const otherChannels = await connectChannels(other.ctx);
    const otherEndpoint = (await endpointFor(
      getWebhookSql(),
      other.orgId,
      "vapi",
      otherChannels.vapiEndpoint,
    ))!;
    const kept = event();
    await storeEvent(getWebhookSql(), endpoint, kept);
    await storeEvent(getWebhookSql(), otherEndpoint, event());
    expect(await keysOf(other.orgId)).toHaveLength(1);

    const scope = await ownerSql().begin(async (tx) => {
      await tx`select set_config('app.org_id', ${owner.orgId}, true)`;
      await tx`delete from orgs where id = ${other.orgId}`;
      const [row] = await tx<{ scope: string }[]>`select current_setting('app.org_id') as scope`;
      return row?.scope;
    });
    expect(scope).toBe(owner.orgId);
    expect(await keysOf(other.orgId)).toStrictEqual([]);
    expect(await keysOf(owner.orgId)).toContain(kept.eventKey);
  });
});
