import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { ensureQueues } from "@/lib/jobs/queues";
import { publishVerticalTemplates } from "@/lib/verticals/publish";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/**
 * The app roles may add jobs (and read back the new job's id) inside their own tenant
 * transaction, so an event and its job commit together without stepping out of the tenant role.
 * Job rows hold only ids (org, event); nothing a tenant could learn from them.
 */
async function grantJobInsert(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`grant usage on schema pgboss to luneo_app, luneo_system`;
    await sql`grant select on pgboss.queue to luneo_app, luneo_system`;
    await sql`grant select, insert on pgboss.job to luneo_app, luneo_system`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** pg-boss's own schema (it migrates itself) and our queues, so requests can enqueue at once. */
async function installJobQueues(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false });
  await boss.start();
  try {
    await ensureQueues(boss);
    await grantJobInsert(url);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Applies every pending migration in db/migrations (drizzle-kit output) to `url`. */
export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Serialise concurrent starts (several app processes): one migrates, the others wait. The pool
    // has one connection, so the session-level lock and the migration share it.
    await sql`select pg_advisory_lock(727274)`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await installJobQueues(url);
    await publishVerticalTemplates(sql);
    await sql`select pg_advisory_unlock(727274)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
