import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ingestJob } from "@/lib/ingest/normalize-job";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { getBoss, stopBoss } from "./boss";
import { groupByOrderKey } from "./fair-worker";

// luneo_claim_fair_jobs (fair-claim-sql.ts) against pg-boss's real job table, as the worker's
// role calls it. No worker runs here: the test claims by hand and looks at what it got.

await setupFreshDatabase();
afterAll(stopBoss);
afterEach(() => ownerSql()`delete from pgboss.job where name = ${ingestJob.name}`);

type Claimed = { id: string; data: { orgId: string; eventId: string; orderKey?: string } };

async function claim(limit: number, perOrg: number): Promise<Claimed[]> {
  const { rows } = await (
    await getBoss()
  )
    .getDb()
    .executeSql("select * from luneo_claim_fair_jobs($1, $2, $3)", [ingestJob.name, limit, perOrg]);
  return rows as Claimed[];
}

async function send(orgId: string, count: number, orderKey?: string): Promise<string[]> {
  const boss = await getBoss();
  const ids: string[] = [];
  // One at a time: created_on then follows the order of sending.
  for (let i = 0; i < count; i += 1) {
    const data = { orgId, eventId: randomUUID(), ...(orderKey ? { orderKey } : {}) };
    ids.push((await boss.send(ingestJob.name, data))!);
  }
  return ids;
}

const complete = async (ids: string[]) => (await getBoss()).complete(ingestJob.name, ids);

describe("claiming per-org jobs fairly", () => {
  it("gives an org with one event a turn in the first claim, behind another org's burst", async () => {
    const [busy, quiet] = [randomUUID(), randomUUID()];
    await send(busy, 60);
    const [late] = await send(quiet, 1);
    const first = await claim(8, 4);
    expect(first.map((job) => job.id)).toContain(late);
    expect(first.filter((job) => job.data.orgId === busy)).toHaveLength(4);
  });

  it("gives the one free slot to the org with nothing running, not to the older backlog", async () => {
    const [busy, quiet] = [randomUUID(), randomUUID()];
    await send(busy, 30);
    expect(await claim(8, 8)).toHaveLength(8); // busy's jobs running
    const [late] = await send(quiet, 1);
    expect((await claim(1, 4)).map((job) => job.id)).toStrictEqual([late]);
  });

  it("takes every org's first job before any org's second", async () => {
    const orgs = Array.from({ length: 5 }, () => randomUUID());
    for (const org of orgs) await send(org, 3);
    const claimed = await claim(5, 3);
    expect(new Set(claimed.map((job) => job.data.orgId))).toStrictEqual(new Set(orgs));
  });

  it("never takes a job whose call has one running, and takes it once that one is done", async () => {
    const org = randomUUID();
    const [first, second] = await send(org, 2, "call-1");
    const [other] = await send(org, 1, "call-2");
    const claimed = await claim(1, 1);
    expect(claimed.map((job) => job.id)).toStrictEqual([first]);
    // call-1 is running: only call-2's job may be taken.
    expect((await claim(10, 10)).map((job) => job.id)).toStrictEqual([other]);
    expect(await claim(10, 10)).toStrictEqual([]);
    await complete([first!]);
    expect((await claim(10, 10)).map((job) => job.id)).toStrictEqual([second]);
  });

  it("hands each job to one claimer only, with claims racing", async () => {
    const orgs = Array.from({ length: 4 }, () => randomUUID());
    const sent = (await Promise.all(orgs.map((org) => send(org, 25)))).flat();
    const claims = await Promise.all(Array.from({ length: 12 }, () => claim(10, 3)));
    const claimed = claims.flat().map((job) => job.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    // What is left is claimed by the next rounds; together, every job exactly once.
    const rest: string[] = [];
    for (let round = 0; round < 50; round += 1) {
      const more = await claim(20, 5);
      if (more.length === 0) break;
      rest.push(...more.map((job) => job.id));
    }
    expect([...claimed, ...rest].sort()).toStrictEqual([...sent].sort());
  });
});

describe("groupByOrderKey", () => {
  const row = (orgId: string, orderKey: string | undefined, at: number) => ({
    data: { orgId, ...(orderKey ? { orderKey } : {}) },
    created_on: new Date(at),
  });

  it("keeps one call's jobs together, oldest first, and every other job on its own", () => {
    const rows = [row("o", "c1", 3), row("o", undefined, 2), row("o", "c1", 1), row("p", "c1", 4)];
    const groups = groupByOrderKey(rows);
    expect(groups.map((group) => group.map((r) => r.created_on.getTime()))).toStrictEqual([
      [1, 3],
      [4],
      [2],
    ]);
  });
});
