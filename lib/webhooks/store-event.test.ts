import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getWebhookSql } from "@/db";
import { ingestJob } from "@/lib/ingest/normalize-job";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { connectChannels, type Connected } from "@/test/webhooks";
import { endpointFor } from "./endpoint-cache";
import { storeEvent, type Endpoint, type NewEvent } from "./inbox-store";

// The receiver's one statement (luneo_store_webhook_event, migration 0024) writes the ingest job
// itself. These tests hold it to what pg-boss writes for the same queue, so a pg-boss upgrade that
// changes its table fails here rather than in production.

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

// Every column but the ones that differ by nature (ids, times, the payload).
const COMPARED = `name, priority, state, retry_limit, retry_count, retry_delay, retry_backoff,
  singleton_key, singleton_on, dead_letter, policy, expire_in,
  keep_until - start_after as kept_for, start_after <= now() as due`;

describe("storing a webhook event in one statement", () => {
  it("writes the event and a job exactly like pg-boss's own send", async () => {
    const stored = await storeEvent(getWebhookSql(), endpoint, event());
    expect(stored.duplicate).toBe(false);
    const ours = await ownerSql().unsafe(
      `select ${COMPARED}, data from pgboss.job where name = $1 and data->>'eventId' = $2`,
      [ingestJob.name, stored.eventId!],
    );
    const data = { orgId: owner.orgId, eventId: randomUUID() };
    const theirsId = await (await getBoss()).send(ingestJob.name, data);
    const theirs = await ownerSql().unsafe(`select ${COMPARED} from pgboss.job where id = $1`, [
      theirsId!,
    ]);
    const { data: payload, ...columns } = ours[0]!;
    expect(columns).toStrictEqual({ ...theirs[0] });
    // The payload the worker validates (lib/ingest/normalize-job.ts).
    expect(ingestJob.payload.parse(payload)).toStrictEqual({
      orgId: owner.orgId,
      eventId: stored.eventId,
      orderKey: "call-7",
    });
  });

  it("collapses a redelivery: no second event, no second job", async () => {
    const first = event();
    const [a, b] = [
      await storeEvent(getWebhookSql(), endpoint, first),
      await storeEvent(getWebhookSql(), endpoint, first),
    ];
    expect(b).toStrictEqual({ eventId: null, duplicate: true });
    const [row] = await ownerSql()<{ count: number }[]>`
      select count(*)::int from pgboss.job where name = ${ingestJob.name} and data->>'eventId' = ${a.eventId}`;
    expect(row?.count).toBe(1);
  });

  it("stores a rejected event without a job", async () => {
    const rejected = await storeEvent(
      getWebhookSql(),
      endpoint,
      event({ status: "rejected", rejectReason: "not JSON", orderKey: null }),
    );
    const jobs = await ownerSql()`
      select 1 from pgboss.job where data->>'eventId' = ${rejected.eventId}`;
    expect(jobs).toHaveLength(0);
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

  it("runs with the caller's rights, not its owner's, and only the app role may call it", async () => {
    const [fn] = await ownerSql()<{ definer: boolean; app: boolean; system: boolean }[]>`
      select p.prosecdef as definer,
             has_function_privilege('luneo_app', p.oid, 'execute') as app,
             has_function_privilege('luneo_system', p.oid, 'execute') as system
        from pg_proc p where p.proname = 'luneo_store_webhook_event'`;
    expect(fn).toStrictEqual({ definer: false, app: true, system: false });
  });
});
