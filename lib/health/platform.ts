import "server-only";
import { sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import type { ComponentStatus } from "@/db/schema/health";
import { readQueueFigures, type QueueFigures } from "./queue-figures";
import { percentileOfBuckets, type Surface } from "./request-stats";

// Platform-wide health figures, across orgs, for staff (/staff/health, through withStaff) and for
// Prometheus (/api/metrics, through withSystem). Counts, durations, costs and org ids only.

export type RequestFigures = {
  surface: Surface;
  requests: number;
  serverErrors: number;
  /** Upper bound of the latency bucket holding the 95th percentile, in ms (null: no request). */
  p95Ms: number | null;
};

export type PlatformHealth = {
  /** Route handlers' answers in the last hour, by surface (lib/health/request-stats.ts). */
  requests: RequestFigures[];
  /** Webhook events of the last hour by status, all orgs. */
  events: Record<string, number>;
  /** Seconds the oldest event still `received` has waited, all orgs (null: none waiting). */
  oldestWaitingSeconds: number | null;
  /** Orgs by the worst status of their components at the last evaluation. */
  orgsByStatus: Record<ComponentStatus, number>;
  openIncidents: number;
  credentialFailures: number;
  /** Per org with conversations in the last 30 days: LLM cost per 100 conversations (VAPI's breakdown). */
  llmCost: { orgId: string; orgName: string; conversations: number; per100: number }[];
  /** Each job queue's lag and failures (pg-boss's table). */
  queues: QueueFigures[];
};

export async function readPlatformHealth(tx: Transaction): Promise<PlatformHealth> {
  const events = (await tx.execute(sql`
    select status, count(*)::int as n from webhook_events
     where received_at > now() - interval '1 hour' and not is_test group by status`)) as unknown as {
    status: string;
    n: number;
  }[];
  const [waiting] = (await tx.execute(sql`
    select extract(epoch from now() - min(received_at))::float8 as oldest
      from webhook_events where status in ('received', 'processing')`)) as unknown as {
    oldest: number | null;
  }[];
  const worst = (await tx.execute(sql`
    select status, count(*)::int as n from (
      select org_id,
             (array['operational','degraded_performance','partial_outage','major_outage'])[
               max(array_position(array['operational','degraded_performance','partial_outage','major_outage'], status))
             ] as status
        from component_status_periods where ended_at is null group by org_id) w
     group by status`)) as unknown as { status: ComponentStatus; n: number }[];
  const [counts] = (await tx.execute(sql`
    select (select count(*)::int from incidents where resolved_at is null) as open,
           (select count(*)::int from credential_checks
             where outcome in ('rejected', 'suspended', 'closed')) as credentials`)) as unknown as {
    open: number;
    credentials: number;
  }[];
  const llm = (await tx.execute(sql`
    select c.org_id as "orgId", o.name as "orgName", count(*)::int as conversations,
           coalesce(sum((c.cost_breakdown->>'llm')::numeric)
                    filter (where jsonb_typeof(c.cost_breakdown->'llm') = 'number'), 0)::float8 as llm
      from conversations c join orgs o on o.id = c.org_id
     where c.created_at > now() - interval '30 days'
     group by c.org_id, o.name
     order by llm desc
     limit 50`)) as unknown as {
    orgId: string;
    orgName: string;
    conversations: number;
    llm: number;
  }[];
  const queues = await readQueueFigures(tx);
  // At most 60 minutes × 3 surfaces: the buckets are added up here.
  const requestRows = (await tx.execute(sql`
    select surface, requests, server_errors as "serverErrors", buckets
      from platform_request_stats where minute > now() - interval '1 hour'`)) as unknown as {
    surface: Surface;
    requests: number;
    serverErrors: number;
    buckets: number[];
  }[];
  const bySurface = new Map<
    Surface,
    { requests: number; serverErrors: number; buckets: number[] }
  >();
  for (const r of requestRows) {
    const sum = bySurface.get(r.surface) ?? { requests: 0, serverErrors: 0, buckets: [] };
    sum.requests += r.requests;
    sum.serverErrors += r.serverErrors;
    r.buckets.forEach((n, i) => (sum.buckets[i] = (sum.buckets[i] ?? 0) + Number(n)));
    bySurface.set(r.surface, sum);
  }
  const orgsByStatus: Record<ComponentStatus, number> = {
    operational: 0,
    degraded_performance: 0,
    partial_outage: 0,
    major_outage: 0,
  };
  for (const row of worst) orgsByStatus[row.status] = row.n;
  return {
    requests: [...bySurface.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([surface, r]) => ({
        surface,
        requests: r.requests,
        serverErrors: r.serverErrors,
        p95Ms: percentileOfBuckets(r.buckets, 95),
      })),
    events: Object.fromEntries(events.map((e) => [e.status, e.n])),
    oldestWaitingSeconds: waiting?.oldest ?? null,
    orgsByStatus,
    openIncidents: counts?.open ?? 0,
    credentialFailures: counts?.credentials ?? 0,
    queues,
    llmCost: llm.map((r) => ({
      orgId: r.orgId,
      orgName: r.orgName,
      conversations: r.conversations,
      per100: r.conversations === 0 ? 0 : (r.llm / r.conversations) * 100,
    })),
  };
}
