import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/lib/db/scopes";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { getBoss, inDrizzleTransaction, stopBoss } from "./boss";
import { QUEUES } from "./queues";

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
beforeAll(async () => {
  a = await createOwner();
});

async function job(id: string) {
  const [row] = await ownerSql()<{ start_after: Date; data: unknown; singleton_key: string }[]>`
    select start_after, data, singleton_key from pgboss.job where id = ${id}`;
  return row;
}

describe("jobs written inside a Drizzle tenant transaction", () => {
  it("keep pg-boss's relative startAfter (a placeholder it repeats) and their JSON data", async () => {
    const boss = await getBoss();
    const before = Date.now();
    const id = await withTenant(a.ctx, (tx) =>
      boss.send(
        QUEUES.memory.name,
        { orgId: a.orgId, conversationId: "00000000-0000-4000-8000-000000000001" },
        { startAfter: 90, singletonKey: "boss-test", db: inDrizzleTransaction(tx) },
      ),
    );
    expect(id).toEqual(expect.any(String));
    const row = await job(id!);
    expect(row?.data).toEqual({
      orgId: a.orgId,
      conversationId: "00000000-0000-4000-8000-000000000001",
    });
    expect(row?.singleton_key).toBe("boss-test");
    const delay = (new Date(row!.start_after).getTime() - before) / 1000;
    expect(delay).toBeGreaterThan(85);
    expect(delay).toBeLessThan(120);
  });

  it("roll back with the transaction", async () => {
    const boss = await getBoss();
    let id: string | null = null;
    await withTenant(a.ctx, async (tx) => {
      id = await boss.send(
        QUEUES.memory.name,
        { orgId: a.orgId },
        { db: inDrizzleTransaction(tx) },
      );
      throw new Error("roll back");
    }).catch(() => {});
    expect(id).toEqual(expect.any(String));
    expect(await job(id!)).toBeUndefined();
  });
});
