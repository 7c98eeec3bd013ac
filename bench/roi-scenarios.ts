import type { TenantContext } from "@/lib/context";
import { addDays } from "@/lib/roi/days";
import { compareFormula, getRoiForecast, getRoiReport, getRoiToday } from "@/lib/roi/queries";
import { roiRangeSchema } from "@/lib/roi/schemas";
import type { Scenario } from "./query-scenarios";

// The overview's reads on the large tenant's year of rollups (seed:large computes them): a
// year's range at each granularity, the forecast and the formula side-by-side. All of them read
// roi_daily_rollups only (docs/adr/0017); the target is p95 < 100 ms.

export const ROI_TARGET_MS = 100;

export async function roiScenarios(ctx: TenantContext): Promise<Scenario[]> {
  const today = await getRoiToday(ctx);
  const year = (granularity: "day" | "week" | "month"): Scenario => ({
    name: `roi: overview, a year by ${granularity}`,
    run: () =>
      getRoiReport(
        ctx,
        roiRangeSchema.parse({ from: addDays(today, -365), to: today, granularity }),
      ),
  });
  return [
    year("day"),
    year("week"),
    year("month"),
    { name: "roi: forecast (120 days of history)", run: () => getRoiForecast(ctx) },
    { name: "roi: formula side-by-side (30 days)", run: () => compareFormula(ctx, 1) },
  ];
}
