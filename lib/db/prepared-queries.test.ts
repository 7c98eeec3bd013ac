import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { orgs } from "@/db/schema";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { withTenant } from "./scopes";

await setupFreshDatabase();

// Drizzle's queries go through preparingQueries (db/index.ts): one named statement per distinct
// text on a connection, so a repeated query is one round trip and reuses its parse. Seen from
// PostgreSQL's side: pg_prepared_statements lists the session's named statements.

let owner: TestOwner;
beforeAll(async () => {
  owner = await createOwner();
});

type Prepared = { statement: string };
const preparedOnThisConnection = (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) =>
  tx.execute(sql`select statement from pg_prepared_statements`) as unknown as Promise<Prepared[]>;

describe("Drizzle queries on the app's pools", () => {
  it("are prepared, in a transaction and in a savepoint, and answer as before", async () => {
    const seen = await withTenant(owner.ctx, async (tx) => {
      const [org] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, owner.orgId));
      const inSavepoint = await tx.transaction((inner) =>
        inner.select({ id: orgs.id, slug: orgs.slug }).from(orgs).where(eq(orgs.id, owner.orgId)),
      );
      return { org, inSavepoint, prepared: await preparedOnThisConnection(tx) };
    });
    expect(seen.org?.name).toBe(owner.ctx.org.name);
    expect(seen.inSavepoint).toEqual([{ id: owner.orgId, slug: owner.ctx.org.slug }]);
    const texts = seen.prepared.map((p) => p.statement);
    expect(texts).toContain(`select "name" from "orgs" where "orgs"."id" = $1`);
    expect(texts).toContain(`select "id", "slug" from "orgs" where "orgs"."id" = $1`);
  });

  it("leave statements with many parameters unnamed (bulk writes are rarely repeated)", async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `bulk-${i}`);
    const texts = await withTenant(owner.ctx, async (tx) => {
      await tx.execute(
        sql`select ${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}`,
      );
      await tx.execute(sql`select ${ids[0]}::text as one`);
      return (await preparedOnThisConnection(tx)).map((p) => p.statement);
    });
    expect(texts).toContain("select $1::text as one");
    expect(texts.some((t) => t.includes("$150"))).toBe(false);
  });
});
