import "server-only";
import { and, asc, between, eq } from "drizzle-orm";
import { roiDailyRollups } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { addDays, eachDay } from "./days";
import { forecast, type Forecast } from "./forecast";
import { loadSetup, todayIn } from "./rollup";

// The overview's forecast card: the next 30 days from the stored days (forecast.ts is the method).

export type RoiForecast = {
  /** The first forecast day (tomorrow, in the org's time zone). */
  from: string;
  currency: string;
  calls: Forecast;
  net: Forecast;
};

/** Days of history the forecast reads (the most recent, today excluded: it is not over). */
const FORECAST_HISTORY_DAYS = 120;

/** The next 30 days of calls and net value, from the days since the org's first call. */
export async function getRoiForecast(ctx: TenantContext): Promise<RoiForecast | null> {
  requirePermission(ctx, "roi.read");
  // Behind the roi-forecasting flag (lib/flags/registry.ts): off, the overview shows no forecast.
  if (!(await isFeatureEnabled(ctx.org.id, FLAGS.roiForecasting.key))) return null;
  return withTenant(ctx, async (tx) => {
    const setup = await loadSetup(tx);
    const today = todayIn(setup.timezone);
    const rows = await tx
      .select()
      .from(roiDailyRollups)
      .where(
        and(
          eq(roiDailyRollups.orgId, tx.orgId),
          between(roiDailyRollups.day, addDays(today, -FORECAST_HISTORY_DAYS), addDays(today, -1)),
        ),
      )
      .orderBy(asc(roiDailyRollups.day));
    // From the first day with a conversation; a missing day in between counts as a quiet one.
    const first = rows.find((r) => r.conversations > 0)?.day;
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days = first ? eachDay(first, addDays(today, -1)) : [];
    const calls = days.map((d) => byDay.get(d)?.callsAnswered ?? 0);
    const net = days.map((d) => Number(byDay.get(d)?.net ?? 0));
    const latest = rows.at(-1)?.assumptions as { currency?: string } | undefined;
    return {
      from: addDays(today, 1),
      currency: latest?.currency ?? setup.resolved?.roi.currency ?? "USD",
      calls: forecast(calls),
      net: forecast(net, { nonNegative: false }),
    };
  });
}
