import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { sql } from "drizzle-orm";
import { closeDb } from "@/db";
import { withAdmin, withDatabaseUrl } from "@/lib/db/admin";
import { withSystem } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";

export const TEST_AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";
// A fixed 32-byte key (base64) so ciphertexts written by one test can be read by the next.
export const TEST_ENCRYPTION_KEY = `test:${Buffer.alloc(32, 7).toString("base64")}`;

// PostgreSQL refuses to copy a template while another session is connected to it (SQLSTATE
// 55006). Nothing connects to our template after global setup, but a stray session (a psql, a
// monitoring query) should cost a retry, not a red run.
const OBJECT_IN_USE = "55006";

async function cloneTemplate(serverUrl: string, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(serverUrl, (sql) =>
        sql.unsafe(`create database "${name}" template "${template}"`),
      );
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== OBJECT_IN_USE || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Gives the calling test file its own database, cloned from the run's migrated template, and
 * points the app's env at it. Call with top-level `await` before anything touches the database:
 *
 *   await setupFreshDatabase();
 *
 * (Not named `use…`: ESLint's React hooks rule would take it for a hook.)
 *
 * The database is dropped by the global teardown (test/global-setup.ts), not here, so a failed
 * file's data can still be inspected while the run is going.
 */
export async function setupFreshDatabase(): Promise<{ url: string; name: string }> {
  const serverUrl = inject("pgServerUrl");
  const name = `${inject("pgClonePrefix")}${randomBytes(4).toString("hex")}`;
  await cloneTemplate(serverUrl, inject("pgTemplate"), name);

  const url = withDatabaseUrl(serverUrl, name);
  process.env.DATABASE_URL = url;
  // The app's pools log in as luneo_app / luneo_system on this database (docs/adr/0009).
  if (inject("pgRolePassword")) process.env.DATABASE_ROLE_PASSWORD = inject("pgRolePassword");
  else delete process.env.DATABASE_ROLE_PASSWORD;
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  process.env.LUNEO_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
  owner = undefined;
  // Invitations and sign-ups queue mail jobs, which start pg-boss: stop it before the pool closes.
  afterAll(async () => {
    await stopBoss();
    await Promise.all([closeDb(), owner?.end({ timeout: 5 })]);
    owner = undefined;
  });
  return { url, name };
}

let owner: postgres.Sql | undefined;

/**
 * The owner's connection to this file's database (what DATABASE_URL names: the migrations' role).
 * For what a test does behind the app's back: reading or clearing pg-boss's job rows, adding a
 * constraint to make a write fail. The app itself never has this connection.
 */
export function ownerSql(): postgres.Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("ownerSql() needs setupFreshDatabase() first");
  owner ??= postgres(url, { max: 2, onnotice: () => {} });
  return owner;
}

const COUNTED_TABLES = [
  "orgs",
  "users",
  "memberships",
  "invitations",
  "api_keys",
  "audit_log",
] as const;
export type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

/** Row counts of every table across all orgs. For "nothing was written": compare before and after. */
export async function countRows(): Promise<RowCounts> {
  const query = COUNTED_TABLES.map((t) => `select '${t}' as t, count(*)::int as n from ${t}`).join(
    " union all ",
  );
  const rows = await withSystem("test: count rows", (tx) =>
    tx.execute<{ t: string; n: number }>(sql.raw(query)),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n])) as RowCounts;
}
