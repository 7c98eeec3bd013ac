import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { setupFreshDatabase } from "@/test/db";

// postgres.js is patched (patches/postgres+3.4.9.patch). This holds the patch that matters for
// correctness: rows a statement streamed before it failed must not show up in the next query on
// that connection (porsager/postgres#1119, #1181). Any statement can fail mid-stream — a
// statement timeout, a bad row — and the next query would otherwise resolve with holes.

const { url } = await setupFreshDatabase();
const sql = postgres(url, { max: 1, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 1 }));

describe("the database client after a statement fails mid-stream", () => {
  it("answers the next query with its own rows only", async () => {
    const failed = await sql`select i, 1 / (4 - i) as boom from generate_series(1, 10) i`.catch(
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(Error);
    const next = await sql<{ x: number }[]>`select x from generate_series(1, 3) x`;
    expect(next.map((row) => row.x)).toStrictEqual([1, 2, 3]);
  });

  it("also when the next query was already waiting behind the failing one", async () => {
    const failing = sql`select i, 1 / (4 - i) as boom from generate_series(1, 10) i`.catch(
      (error: unknown) => error,
    );
    const waiting = sql<{ x: number }[]>`select x from generate_series(1, 5) x`;
    expect(await failing).toBeInstanceOf(Error);
    expect((await waiting).map((row) => row.x)).toStrictEqual([1, 2, 3, 4, 5]);
  });
});
