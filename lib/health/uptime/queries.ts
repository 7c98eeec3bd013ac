import "server-only";
import { sql } from "drizzle-orm";
import { COMPONENT_IDS, type ComponentId, type ComponentStatus } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { DOWNTIME_WEIGHT, UPTIME_DAYS } from "../thresholds";

// The 90-day uptime bars, read from the daily rollup (./rollup.ts): at most UPTIME_DAYS rows per
// component, whatever the number of status periods behind them (bench/health.ts).

export type UptimeDay = {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  /** Null: nothing was measured that day (before monitoring began). */
  uptime: number | null;
  worst: ComponentStatus | null;
};
export type Uptime = { component: ComponentId; days: UptimeDay[]; uptime: number | null };

type DayRow = {
  component: ComponentId;
  day: string;
  minutes: Record<ComponentStatus, number>;
};

/** The last `days` UTC days, oldest first, as YYYY-MM-DD. */
export function lastDays(today: Date, days: number): string[] {
  return Array.from({ length: days }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
    d.setUTCDate(d.getUTCDate() - (days - 1 - i));
    return d.toISOString().slice(0, 10);
  });
}

/**
 * Uptime from minutes in each status (DOWNTIME_WEIGHT, Statuspage's convention): degraded
 * performance counts as up, a partial outage as 30 % down, a major outage as fully down. Pure, so
 * the rule is tested on its own.
 */
export function uptimeFromDays(rows: DayRow[], dayList: string[]): Uptime[] {
  const byKey = new Map(rows.map((r) => [`${r.component}|${r.day}`, r.minutes]));
  const statuses = Object.keys(DOWNTIME_WEIGHT) as ComponentStatus[];
  return COMPONENT_IDS.map((component) => {
    let observed = 0;
    let down = 0;
    const days = dayList.map((day): UptimeDay => {
      const minutes = byKey.get(`${component}|${day}`);
      const total = minutes ? statuses.reduce((sum, s) => sum + minutes[s], 0) : 0;
      if (!minutes || total <= 0) return { day, uptime: null, worst: null };
      const weighted = statuses.reduce((sum, s) => sum + minutes[s] * DOWNTIME_WEIGHT[s], 0);
      observed += total;
      down += weighted;
      const worst = statuses.reduce<ComponentStatus>(
        (w, s) => (minutes[s] > 0 ? s : w),
        "operational",
      );
      return { day, uptime: 1 - weighted / total, worst };
    });
    return { component, days, uptime: observed === 0 ? null : 1 - down / observed };
  });
}

/**
 * Each component's uptime per UTC day over the last `days` days, from the rollup: one row per
 * component with its days as arrays (630 small rows mapped one by one cost several times more,
 * bench/health.ts).
 */
export async function uptimeOf(tx: TenantTx, days = UPTIME_DAYS): Promise<Uptime[]> {
  const dayList = lastDays(new Date(), days);
  const rows = (await tx.execute(sql`
    select component, array_agg(day::text order by day) as days,
           array_agg(operational_minutes order by day) as operational,
           array_agg(degraded_minutes order by day) as degraded,
           array_agg(partial_minutes order by day) as partial,
           array_agg(major_minutes order by day) as major
      from component_uptime_days
     where org_id = ${tx.orgId} and day >= ${dayList[0]!}::date
     group by component`)) as unknown as {
    component: ComponentId;
    days: string[];
    operational: number[];
    degraded: number[];
    partial: number[];
    major: number[];
  }[];
  return uptimeFromDays(
    rows.flatMap((r) =>
      r.days.map((day, i) => ({
        component: r.component,
        day,
        minutes: {
          operational: Number(r.operational[i]),
          degraded_performance: Number(r.degraded[i]),
          partial_outage: Number(r.partial[i]),
          major_outage: Number(r.major[i]),
        },
      })),
    ),
    dayList,
  );
}
