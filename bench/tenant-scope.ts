// npm run bench:tenant — what the RLS tenant scope costs per transaction.
// Compares the same primary-key read three ways on one connection pool:
//   raw        a bare select as the connecting role (no transaction, no RLS)
//   tx         the same select inside a plain transaction
//   withTenant the same select through withTenant (role switch + app.org_id + RLS policy)
// Prints p50/p99 in milliseconds. Uses DATABASE_URL's server, or the embedded one.
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { closeDb, getClient } from "@/db";
import { orgs } from "@/db/schema";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { createDatabase, dropDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { runMigrations } from "@/lib/db/migrate";
import { withTenant } from "@/lib/db/scopes";
import { signUp } from "@/lib/tenancy/sign-up";
import { ensureDatabase } from "../scripts/local-env";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(name: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(11)} p50 ${percentile(samples, 50).toFixed(3)} ms   p99 ${percentile(samples, 99).toFixed(3)} ms`,
  );
}

const { url: serverUrl, embedded } = await ensureDatabase();
const database = `luneo_bench_${Date.now()}`;
await createDatabase(serverUrl, database);
process.env.DATABASE_URL = withDatabaseUrl(serverUrl, database);
process.env.AUTH_SECRET ??= "benchmark-does-not-sign-sessions-0000000";
process.env.LUNEO_ENCRYPTION_KEY ??= generateKeyRingValue("bench");
await runMigrations(process.env.DATABASE_URL);

const { orgId } = await signUp({
  name: "Bench Owner",
  email: `bench-${Date.now()}@luneo.dev`,
  password: "benchmark-password",
  orgName: "Bench Org",
});
const { db } = getClient();
const ctx = { org: { id: orgId, name: "Bench Org", slug: "bench" } };

console.log(`${ITERATIONS} sequential reads of one org row by primary key\n`);
await measure("raw", () => db.select().from(orgs).where(eq(orgs.id, orgId)));
await measure("tx", () => db.transaction((tx) => tx.select().from(orgs).where(eq(orgs.id, orgId))));
await measure("withTenant", () =>
  withTenant(ctx, (tx) => tx.select().from(orgs).where(eq(orgs.id, orgId))),
);
const [{ version }] = (await db.execute<{ version: string }>(sql`select version()`)) as unknown as [
  { version: string },
];
console.log(`\n${version.split(",")[0]}`);

await closeDb();
await dropDatabase(serverUrl, database);
await embedded?.stop();
