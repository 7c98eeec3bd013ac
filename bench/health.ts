// npm run bench:health — server time of the health reads (the public status page uncached, the
// dashboard's health page, GET /api/v1/health's read) on a busy tenant: 30 days of webhook events
// (BENCH_EVENTS, default 300,000, with 600 in the last 15 minutes, a third of them ~20 kB VAPI
// end-of-call reports), 90 days of status periods that change every couple of hours, and 200
// incidents (lib/seed/large-health.ts). The tenant is made once per database (org "Bench Health
// Realty"); when `npm run seed:large` has made the large tenant, it is given the same history and
// measured too, with the plans of its status page's reads. p50 / p95 over BENCH_RUNS runs;
// reported, never asserted.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { orgs } from "@/db/schema";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { systemContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { getHealthForApi, getHealthOverview } from "@/lib/health/queries";
import { getPublicStatus } from "@/lib/health/status-page/queries";
import { rollupUptime } from "@/lib/health/uptime/rollup";
import { seedLargeTenantHealth } from "@/lib/seed/large-health";
import { signUp } from "@/lib/tenancy/sign-up";
import { ensureDatabase, loadDotEnv } from "../scripts/local-env";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const ORG = "Bench Health Realty";
/** LARGE_OWNER.orgName of scripts/seed-large.ts (importing it would run the seed). */
const LARGE_ORG = "Harbour Estates (100k)";

loadDotEnv();
const { url, embedded } = await ensureDatabase();
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET ??= "bench-health-signs-no-sessions-00000000000";
process.env.LUNEO_ENCRYPTION_KEY ??= generateKeyRingValue("bench");
process.env.LOG_LEVEL ??= "warn";
getDb();

async function findOrMake(): Promise<{ id: string; slug: string }> {
  const [found] = await withSystem("bench:health finds its tenant", (tx) =>
    tx
      .select({ id: orgs.id, slug: orgs.slug })
      .from(orgs)
      .where(sql`${orgs.name} = ${ORG}`),
  );
  if (found) return found;
  const { orgId } = await signUp(
    {
      name: "Bench Owner",
      email: `bench-health-${Date.now()}@luneo.dev`,
      password: "luneo-bench-password",
      orgName: ORG,
    },
    { verified: true },
  );
  await seedLargeTenantHealth(orgId, { events: EVENTS });
  const [made] = await withSystem("bench:health reads its tenant", (tx) =>
    tx
      .select({ id: orgs.id, slug: orgs.slug })
      .from(orgs)
      .where(sql`${orgs.id} = ${orgId}`),
  );
  return made!;
}

/** The large tenant of `npm run seed:large` (scripts/seed-large.ts, LARGE_OWNER), if there is one. */
async function largeTenant(): Promise<{ id: string; slug: string; name: string } | null> {
  const [found] = await withSystem("bench:health finds the large tenant", (tx) =>
    tx
      .select({ id: orgs.id, slug: orgs.slug, name: orgs.name })
      .from(orgs)
      .where(sql`${orgs.name} = ${LARGE_ORG}`),
  );
  if (!found) return null;
  if ((await seedLargeTenantHealth(found.id, { events: EVENTS })) === "created") {
    console.log(`Health history added to "${LARGE_ORG}".`);
  }
  return found;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(name: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(); // warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(32)} p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms`,
  );
}

function contextOf(id: string, name: string, slug: string) {
  return {
    org: { id, name, slug },
    actor: { ...systemContext("bench", { id }).actor, permissions: ["health.read" as const] },
  };
}

async function benchTenant(id: string, name: string, slug: string) {
  const ctx = contextOf(id, name, slug);
  console.log(`\n${name}`);
  await measure("status page (uncached read)", () => getPublicStatus(slug));
  await measure("dashboard health page", () => getHealthOverview(ctx));
  await measure("GET /api/v1/health read", () => getHealthForApi(ctx));
  await measure("uptime rollup (evaluation)", () =>
    withTenant(systemContext("bench", { id }), (tx) => rollupUptime(tx)),
  );
}

/** The plans of the status page's reads that grow with history, as PostgreSQL ran them. */
async function printPlans(id: string) {
  const plans: [string, ReturnType<typeof sql>][] = [
    [
      "uptime bars (component_uptime_days)",
      sql`select component, day, operational_minutes, degraded_minutes, partial_minutes, major_minutes
            from component_uptime_days
           where org_id = ${id} and day >= (now() at time zone 'UTC')::date - 89
           order by component, day`,
    ],
    [
      "current periods",
      sql`select * from component_status_periods where org_id = ${id} and ended_at is null`,
    ],
    [
      "incidents shown (open or resolved in 7 days)",
      sql`select * from incidents where org_id = ${id}
            and (resolved_at is null or resolved_at > now() - interval '7 days')
          order by resolved_at is null desc, started_at desc, id desc limit 10`,
    ],
  ];
  for (const [label, query] of plans) {
    const rows = (await withTenant(systemContext("bench: plans", { id }), (tx) =>
      tx.execute(sql`explain (analyze, buffers) ${query}`),
    )) as unknown as { "QUERY PLAN": string }[];
    console.log(`\nplan: ${label}`);
    for (const r of rows) console.log(`  ${r["QUERY PLAN"]}`);
  }
}

const org = await findOrMake();
console.log(`bench:health — ${RUNS} runs each, ${EVENTS.toLocaleString("en")} older events`);
await benchTenant(org.id, ORG, org.slug);
const large = await largeTenant();
if (large) {
  await benchTenant(large.id, large.name, large.slug);
  await printPlans(large.id);
} else {
  console.log(`\n(no "${LARGE_ORG}": run npm run seed:large to measure the large tenant too)`);
}
await closeDb();
await embedded?.stop();
