import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getSystemClient } from "@/db";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import {
  claimInboxEvents,
  groupByOrg,
  INGEST_LEASE_SECONDS,
  INGEST_RETRY,
  processClaimed,
  type ClaimedEvent,
} from "./inbox-worker";

// luneo_claim_inbox_events (migration 0046) over the real inbox, as the worker's role (luneo_system)
// calls it. No worker runs here: the test claims by hand and looks at what it got.

await setupFreshDatabase();
afterAll(closeDb);

let orgs: string[];
beforeAll(async () => {
  orgs = (await Promise.all(Array.from({ length: 5 }, () => createOwner()))).map((o) => o.orgId);
});
afterEach(() => ownerSql()`delete from webhook_events`);

const claim = (limit: number, perOrg: number) =>
  claimInboxEvents(getSystemClient().sql, limit, perOrg);
const ids = (events: ClaimedEvent[]) => events.map((event) => event.id);

let clock = Date.parse("2026-12-01T09:00:00Z");
/** Stores `count` waiting events for `orgId`, each received 1 ms after the previous one. */
async function receive(orgId: string, count: number, orderKey?: string): Promise<string[]> {
  const rows = Array.from({ length: count }, () => {
    clock += 1;
    return { id: randomUUID(), at: new Date(clock) };
  });
  for (const row of rows) {
    await ownerSql()`
      insert into webhook_events (org_id, id, provider, connection_id, kind, event_key, status,
                                  raw_body, received_at, order_key)
      values (${orgId}, ${row.id}, 'vapi', ${randomUUID()}, 'status-update', ${row.id}, 'received',
              '{}', ${row.at}, ${orderKey ?? null})`;
  }
  return rows.map((row) => row.id);
}

const done = (eventIds: string[]) =>
  ownerSql()`update webhook_events set status = 'processed', claimed_until = null
              where id = any(${eventIds}::uuid[])`;

describe("claiming webhook events from the inbox", () => {
  it("gives an org with one event a turn in the first claim, behind another org's burst", async () => {
    const [busy, quiet] = orgs;
    await receive(busy!, 60);
    const [late] = await receive(quiet!, 1);
    const first = await claim(8, 4);
    expect(ids(first)).toContain(late);
    expect(first.filter((event) => event.org_id === busy)).toHaveLength(4);
  });

  it("gives the one free slot to the org with nothing running, not to the older backlog", async () => {
    const [busy, quiet] = orgs;
    await receive(busy!, 30);
    expect(await claim(8, 8)).toHaveLength(8); // busy's events running
    const [late] = await receive(quiet!, 1);
    expect(ids(await claim(1, 4))).toStrictEqual([late]);
  });

  it("takes every org's first event before any org's second, oldest first within an org", async () => {
    const sent = await Promise.all(orgs.map((org) => receive(org, 3)));
    const claimed = await claim(5, 3);
    expect(new Set(claimed.map((event) => event.org_id))).toStrictEqual(new Set(orgs));
    expect(new Set(ids(claimed))).toStrictEqual(new Set(sent.map((events) => events[0])));
  });

  it("never takes an event whose call has one running, and takes it once that one is done", async () => {
    const org = orgs[0]!;
    const [first, second] = await receive(org, 2, "call-1");
    const [other] = await receive(org, 1, "call-2");
    expect(ids(await claim(1, 1))).toStrictEqual([first]);
    // call-1 is running: only call-2's event may be taken.
    expect(ids(await claim(10, 10))).toStrictEqual([other]);
    expect(await claim(10, 10)).toHaveLength(0);
    await done([first!]);
    expect(ids(await claim(10, 10))).toStrictEqual([second]);
  });

  it("counts the attempt, takes a lease, and hands an event whose lease ran out to the next claim", async () => {
    const [id] = await receive(orgs[0]!, 1, "call-9");
    const [claimed] = await claim(5, 5);
    expect(claimed).toMatchObject({ id, attempts: 1, order_key: "call-9" });
    const [lease] = await ownerSql()<{ status: string; seconds: number }[]>`
      select status, round(extract(epoch from claimed_until - now()))::int as seconds
        from webhook_events where id = ${id!}`;
    expect(lease).toStrictEqual({ status: "processing", seconds: INGEST_LEASE_SECONDS });
    expect(await claim(5, 5)).toHaveLength(0);
    // Its worker died: the lease ends, the event is claimed again (its call no longer blocks it).
    await ownerSql()`update webhook_events set claimed_until = now() - interval '1 second' where id = ${id!}`;
    expect(await claim(5, 5)).toMatchObject([{ id, attempts: 2 }]);
  });

  it("leaves a failed event alone until its retry is due", async () => {
    const [id] = await receive(orgs[0]!, 1);
    await ownerSql()`update webhook_events set status = 'failed', attempts = 1,
                       next_attempt_at = now() + interval '1 hour' where id = ${id!}`;
    expect(await claim(5, 5)).toHaveLength(0);
    await ownerSql()`update webhook_events set next_attempt_at = now() - interval '1 second' where id = ${id!}`;
    expect(await claim(5, 5)).toMatchObject([{ id, attempts: 2 }]);
  });

  it("hands each event to one claimer only, with claims racing", async () => {
    const sent = (await Promise.all(orgs.slice(0, 4).map((org) => receive(org, 25)))).flat();
    const claims = await Promise.all(Array.from({ length: 12 }, () => claim(10, 3)));
    const claimed = ids(claims.flat());
    expect(new Set(claimed).size).toBe(claimed.length);
    // What is left is claimed by the next rounds; together, every event exactly once.
    const rest: string[] = [];
    for (let round = 0; round < 50; round += 1) {
      const more = await claim(20, 5);
      if (more.length === 0) break;
      rest.push(...ids(more));
    }
    expect([...claimed, ...rest].sort()).toStrictEqual([...sent].sort());
  });

  it("dead-letters, without running it, an event claimed again after its last attempt's lease", async () => {
    const [id] = await receive(orgs[0]!, 1);
    await ownerSql()`update webhook_events set status = 'processing', attempts = ${INGEST_RETRY.attempts},
                       claimed_until = now() - interval '1 second' where id = ${id!}`;
    const claimed = await claim(5, 5);
    expect(claimed).toMatchObject([{ id, attempts: INGEST_RETRY.attempts + 1 }]);
    await processClaimed(claimed);
    const [row] = await ownerSql()<{ status: string; last_error: string }[]>`
      select status, last_error from webhook_events where id = ${id!}`;
    expect(row).toStrictEqual({
      status: "dead_lettered",
      last_error: "Processing did not finish within its lease.",
    });
  });

  it("is the worker role's only: the app role may not claim", async () => {
    const [fn] = await ownerSql()<{ app: boolean; system: boolean }[]>`
      select has_function_privilege('luneo_app', p.oid, 'execute') as app,
             has_function_privilege('luneo_system', p.oid, 'execute') as system
        from pg_proc p where p.proname = 'luneo_claim_inbox_events'`;
    expect(fn).toStrictEqual({ app: false, system: true });
  });
});

describe("groupByOrg", () => {
  const row = (org_id: string, at: number, id: string = randomUUID()) => ({
    org_id,
    id,
    received_at: new Date(at),
  });

  it("keeps one org's events together, oldest first (ties by id, as the claim orders them)", () => {
    const rows = [row("o", 3), row("p", 2), row("o", 1, "b"), row("o", 1, "a")];
    const groups = groupByOrg(rows);
    expect(
      groups.map((group) =>
        group.map((r) => `${r.org_id}${r.received_at.getTime()}${r.id.length === 1 ? r.id : ""}`),
      ),
    ).toStrictEqual([["o1a", "o1b", "o3"], ["p2"]]);
  });
});
