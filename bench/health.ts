// npm run bench:health — server time of the health reads (the public status page uncached, the
// dashboard's health page, GET /api/v1/health's read) on a busy tenant: 30 days of webhook events
// (BENCH_EVENTS, default 300,000, with 600 in the last 15 minutes, a third of them ~20 kB VAPI
// end-of-call reports), 90 days of status periods that change every couple of hours, and 200
// incidents. The tenant is made once per database (org "Bench Health Realty"). p50 / p95 over
// BENCH_RUNS runs; reported, never asserted.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { orgs } from "@/db/schema";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { systemContext } from "@/lib/context";
import { withSystem } from "@/lib/db/scopes";
import { getHealthForApi, getHealthOverview } from "@/lib/health/queries";
import { getPublicStatus } from "@/lib/health/status-page/queries";
import { signUp } from "@/lib/tenancy/sign-up";
import { ensureDatabase, loadDotEnv } from "../scripts/local-env";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const ORG = "Bench Health Realty";

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
  const report = JSON.stringify({
    message: {
      type: "end-of-call-report",
      endedReason: "customer-ended-call",
      artifact: { transcript: "AI: Hello, Seaside Realty. ".repeat(700) },
    },
  });
  await withSystem("bench:health fills its tenant", async (tx) => {
    await tx.execute(sql`insert into channel_connections (org_id, provider, endpoint_id, config)
      values (${orgId}, 'vapi', ${`bench-vapi-${orgId}`}, '{"authMode":"x-vapi-secret"}'),
             (${orgId}, 'twilio', ${`bench-twilio-${orgId}`}, '{"accountSid":"AC0","phoneNumbers":[]}')`);
    const connection = (await tx.execute(
      sql`select id from channel_connections where org_id = ${orgId} and provider = 'vapi'`,
    )) as unknown as [{ id: string }];
    // Older events, small bodies, spread over 30 days.
    await tx.execute(sql`insert into webhook_events
        (org_id, provider, connection_id, kind, event_key, status, raw_body, received_at, processed_at)
      select ${orgId}, case when i % 2 = 0 then 'twilio' else 'vapi' end, ${connection[0].id},
             case when i % 2 = 0 then 'call-status' else 'status-update' end, 'old-' || i,
             case when i % 97 = 0 then 'failed' else 'processed' end, '{}',
             now() - interval '30 days' * (i::float / ${EVENTS}) - interval '20 minutes',
             now() - interval '30 days' * (i::float / ${EVENTS}) - interval '20 minutes'
        from generate_series(1, ${EVENTS}) i`);
    // The last 15 minutes: 600 events, a third of them full end-of-call reports.
    await tx.execute(sql`insert into webhook_events
        (org_id, provider, connection_id, kind, event_key, status, raw_body, received_at, processed_at)
      select ${orgId}, case when i % 3 = 0 then 'vapi' else 'twilio' end, ${connection[0].id},
             case when i % 3 = 0 then 'end-of-call-report' else 'voice' end, 'new-' || i, 'processed',
             case when i % 3 = 0 then ${report} else '{}' end,
             now() - interval '14 minutes' * (i::float / 600), now()
        from generate_series(1, 600) i`);
    // 90 days of periods per component, a change about every two hours.
    await tx.execute(sql`insert into component_status_periods (org_id, component, status, reason, started_at, ended_at)
      select ${orgId}, c,
             (array['operational','operational','operational','degraded_performance','partial_outage'])[1 + (i % 5)],
             'bench', now() - interval '90 days' + interval '2 hours' * i,
             now() - interval '90 days' + interval '2 hours' * (i + 1)
        from unnest(array['phone','sms','vapi','agent','ai_providers','processing','credentials']) c,
             generate_series(0, 1078) i`);
    await tx.execute(sql`insert into component_status_periods (org_id, component, status, reason, started_at)
      select ${orgId}, c, 'operational', 'bench', now() - interval '90 days' + interval '2 hours' * 1079
        from unnest(array['phone','sms','vapi','agent','ai_providers','processing','credentials']) c`);
    await tx.execute(sql`insert into incidents (org_id, origin, component, title, status, impact, started_at, resolved_at)
      select ${orgId}, 'manual', 'phone', 'Bench incident ' || i, 'resolved', 'partial_outage',
             now() - interval '1 day' * i, now() - interval '1 day' * i + interval '30 minutes'
        from generate_series(1, 200) i`);
    await tx.execute(
      sql`insert into health_settings (org_id, status_page_enabled) values (${orgId}, true)`,
    );
    await tx.execute(sql`analyze webhook_events`);
    await tx.execute(sql`analyze component_status_periods`);
  });
  const [made] = await withSystem("bench:health reads its tenant", (tx) =>
    tx
      .select({ id: orgs.id, slug: orgs.slug })
      .from(orgs)
      .where(sql`${orgs.id} = ${orgId}`),
  );
  return made!;
}

const org = await findOrMake();
const ctx = {
  org: { id: org.id, name: ORG, slug: org.slug },
  actor: { ...systemContext("bench", { id: org.id }).actor, permissions: ["health.read" as const] },
};

const scenarios: { name: string; run: () => Promise<unknown> }[] = [
  { name: "status page (uncached read)", run: () => getPublicStatus(org.slug) },
  { name: "dashboard health page", run: () => getHealthOverview(ctx) },
  { name: "GET /api/v1/health read", run: () => getHealthForApi(ctx) },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

console.log(`bench:health — ${RUNS} runs each, ${EVENTS.toLocaleString("en")} older events\n`);
for (const s of scenarios) {
  for (let i = 0; i < 5; i++) await s.run(); // warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await s.run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${s.name.padEnd(32)} p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms`,
  );
}
await closeDb();
await embedded?.stop();
