import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { ensureQueues } from "@/lib/jobs/queues";
import { scheduleLearningWeekly } from "@/lib/learning/recluster-job";
import { setLoginPassword } from "./roles";
import { publishVerticalTemplates } from "@/lib/verticals/publish";
import { HEALTH_SCHEDULES } from "@/lib/health/schedule";

const CRON_QUEUE = "__pgboss__send-it";

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/**
 * Who may touch pg-boss's tables (docs/adr/0009):
 * - luneo_app adds jobs inside its own tenant transaction, so a write and the job it asks for commit
 *   together without stepping out of the tenant role. It may insert and read back the new job's id, and no
 *   other column: a tenant query cannot read any org's job rows.
 * - luneo_system runs the queue (fetch, complete, retry, archive): all rows, no DDL. Every queue
 *   exists before the app starts (created here, by the owner), so the queue never needs DDL.
 */
async function grantJobAccess(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`grant usage on schema pgboss to luneo_app, luneo_system`;
    await sql`grant select on pgboss.queue to luneo_app`;
    await sql`revoke select on pgboss.job from luneo_app`;
    await sql`grant insert, select (id) on pgboss.job to luneo_app`;
    await sql`grant select, insert, update, delete on all tables in schema pgboss to luneo_system`;
    await sql`grant usage, select on all sequences in schema pgboss to luneo_system`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** pg-boss's own schema (it migrates itself) and our queues, so requests can enqueue at once. */
async function installJobQueues(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false });
  await boss.start();
  try {
    await ensureQueues(boss, { updatePolicies: true });
    await scheduleLearningWeekly(boss);
    // pg-boss's own cron queue, created on start when missing: created here so that start needs
    // no DDL under the runtime role.
    if (!(await boss.getQueue(CRON_QUEUE))) await boss.createQueue(CRON_QUEUE);
    // Recurring jobs (pg-boss cron): written here, once per deploy, by the owner.
    for (const { name, cron } of HEALTH_SCHEDULES)
      await boss.schedule(name, cron, {}, { tz: "UTC" });
    await grantJobAccess(url);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * Applies every pending migration in db/migrations (drizzle-kit output) to `url`, as the owner.
 * With a role password (DATABASE_ROLE_PASSWORD by default), also sets it on the login roles.
 */
export async function runMigrations(
  url: string,
  { rolePassword = process.env.DATABASE_ROLE_PASSWORD }: { rolePassword?: string } = {},
): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Serialise concurrent starts (several app processes): one migrates, the others wait. The pool
    // has one connection, so the session-level lock and the migration share it.
    await sql`select pg_advisory_lock(727274)`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await installJobQueues(url);
    await publishVerticalTemplates(sql);
    if (rolePassword) await setLoginPassword(sql, rolePassword);
    await sql`select pg_advisory_unlock(727274)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
