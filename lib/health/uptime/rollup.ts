import "server-only";
import { sql } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";
import { UPTIME_DAYS } from "../thresholds";

// The daily uptime rollup (component_uptime_days): the minutes each component spent in each
// status per UTC day, added up from its status periods. Every health evaluation calls it after
// recording the minute's periods (lib/health/evaluate.ts), for the days from the last one already
// rolled up to today: the last day is recomputed whole (so yesterday is finished after midnight),
// a gap left while no evaluation ran is filled, and an org with no row yet gets its whole 90 days
// (the backfill). Recomputed from the periods each time, never incremented: running it twice
// writes the same rows.

/** Rolls up `tx`'s org from `from` (a UTC day, YYYY-MM-DD; default: see above) to today. */
export async function rollupUptime(tx: TenantTx, from?: string): Promise<void> {
  const first = from
    ? sql`${from}::date`
    : sql`coalesce(
        (select max(day) from component_uptime_days where org_id = ${tx.orgId}),
        (now() at time zone 'UTC')::date - ${UPTIME_DAYS - 1}::int)`;
  await tx.execute(sql`
    with bounds as (
      select greatest(${first}, (now() at time zone 'UTC')::date - ${UPTIME_DAYS - 1}::int)::timestamp
               as first_day),
    spans as (
      select p.component, p.status, d.day::date as day,
             extract(epoch from least(coalesce(p.ended_at, now()), (d.day + interval '1 day') at time zone 'UTC')
                              - greatest(p.started_at, d.day at time zone 'UTC'))::float8 / 60 as minutes
        from bounds b, component_status_periods p,
             lateral generate_series(date_trunc('day', greatest(p.started_at at time zone 'UTC', b.first_day)),
                                     date_trunc('day', coalesce(p.ended_at, now()) at time zone 'UTC'),
                                     interval '1 day') d(day)
       where p.org_id = ${tx.orgId}
         and (p.ended_at is null or p.ended_at > b.first_day at time zone 'UTC'))
    insert into component_uptime_days as u
      (org_id, component, day, operational_minutes, degraded_minutes, partial_minutes, major_minutes, updated_at)
    select ${tx.orgId}, component, day,
           coalesce(sum(minutes) filter (where status = 'operational'), 0),
           coalesce(sum(minutes) filter (where status = 'degraded_performance'), 0),
           coalesce(sum(minutes) filter (where status = 'partial_outage'), 0),
           coalesce(sum(minutes) filter (where status = 'major_outage'), 0),
           now()
      from spans where minutes > 0
     group by component, day
    on conflict (org_id, component, day) do update
       set operational_minutes = excluded.operational_minutes,
           degraded_minutes = excluded.degraded_minutes,
           partial_minutes = excluded.partial_minutes,
           major_minutes = excluded.major_minutes,
           updated_at = excluded.updated_at`);
}
