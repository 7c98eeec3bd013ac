import "server-only";
import { getClient } from "@/db";
import journal from "@/db/migrations/meta/_journal.json";

export type Readiness = {
  ready: boolean;
  database: "ok" | "unreachable";
  migrations: { applied: number; expected: number; current: boolean } | null;
};

/** Ready = the database answers and every migration shipped with this build has been applied. */
export async function checkReadiness(): Promise<Readiness> {
  const expected = journal.entries.length;
  try {
    const { sql } = getClient();
    const rows = await sql<{ applied: number }[]>`
      select count(*)::int as applied from drizzle.__drizzle_migrations`.catch(() => [
      { applied: 0 },
    ]);
    const applied = rows[0]?.applied ?? 0;
    const current = applied === expected;
    return { ready: current, database: "ok", migrations: { applied, expected, current } };
  } catch {
    return { ready: false, database: "unreachable", migrations: null };
  }
}
