import "server-only";
import { and, asc, between, eq } from "drizzle-orm";
import { roiDailyRollups } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { roiAssumptionSetSchema } from "./assumptions";
import { addDays } from "./days";
import {
  computeDay,
  formulaOf,
  LATEST_FORMULA,
  sumFigures,
  type DayFigure,
  type RoiTerms,
} from "./formulas";
import { inputsOf } from "./report";
import { loadSetup, todayIn } from "./rollup";

// The side-by-side a newer formula is offered with (docs/adr/0017): read from the stored days.

export type FormulaComparison = {
  from: string;
  to: string;
  current: { version: number; name: string; words: string; figure: DayFigure };
  candidate: { version: number; name: string; words: string; figure: DayFigure };
};

/**
 * What another formula would have said for the last 30 days: the stored inputs and assumptions of
 * each day, run through it. Nothing is written.
 */
export async function compareFormula(
  ctx: TenantContext,
  candidateVersion: number,
): Promise<FormulaComparison> {
  requirePermission(ctx, "roi.read");
  const candidate = formulaOf(candidateVersion);
  return withTenant(ctx, async (tx) => {
    const setup = await loadSetup(tx);
    const to = todayIn(setup.timezone);
    const from = addDays(to, -29);
    const rows = await tx
      .select()
      .from(roiDailyRollups)
      .where(and(eq(roiDailyRollups.orgId, tx.orgId), between(roiDailyRollups.day, from, to)))
      .orderBy(asc(roiDailyRollups.day));
    const currentVersion = rows.at(-1)?.formulaVersion ?? LATEST_FORMULA.version;
    const current = formulaOf(currentVersion);
    const recomputed = rows.map((r) =>
      computeDay(candidate, inputsOf(r), roiAssumptionSetSchema.parse(r.assumptions)),
    );
    return {
      from,
      to,
      current: {
        version: current.version,
        name: current.name,
        words: current.words,
        figure: sumFigures(rows.map((d) => ({ terms: d.terms as RoiTerms }))),
      },
      candidate: {
        version: candidate.version,
        name: candidate.name,
        words: candidate.words,
        figure: sumFigures(recomputed),
      },
    };
  });
}
