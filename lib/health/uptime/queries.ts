import "server-only";
import { and, asc, eq, gte, sql } from "drizzle-orm";
import {
  COMPONENT_IDS,
  componentUptimeDays,
  type ComponentId,
  type ComponentStatus,
} from "@/db/schema";
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

/** Each component's uptime per UTC day over the last `days` days, from the rollup. */
export async function uptimeOf(tx: TenantTx, days = UPTIME_DAYS): Promise<Uptime[]> {
  const dayList = lastDays(new Date(), days);
  const rows = await tx
    .select({
      component: componentUptimeDays.component,
      day: componentUptimeDays.day,
      operational: componentUptimeDays.operationalMinutes,
      degraded: componentUptimeDays.degradedMinutes,
      partial: componentUptimeDays.partialMinutes,
      major: componentUptimeDays.majorMinutes,
    })
    .from(componentUptimeDays)
    .where(
      and(
        eq(componentUptimeDays.orgId, tx.orgId),
        gte(componentUptimeDays.day, sql`${dayList[0]!}::date`),
      ),
    )
    .orderBy(asc(componentUptimeDays.component), asc(componentUptimeDays.day));
  return uptimeFromDays(
    rows.map((r) => ({
      component: r.component,
      day: r.day,
      minutes: {
        operational: r.operational,
        degraded_performance: r.degraded,
        partial_outage: r.partial,
        major_outage: r.major,
      },
    })),
    dayList,
  );
}
