import type { RoiAssumptionSet } from "./assumptions";
import type { DayFigure, RollupInputs, RoiTerms } from "./formulas";
import type { AppliedSettings, RoiReport } from "./queries";
import type { Granularity } from "./schemas";

// GET /api/v1/roi: the query is lib/roi/schemas.ts `roiRangeSchema`; the answer is this.

export type RoiResponse = {
  data: {
    from: string;
    to: string;
    granularity: Granularity;
    timezone: string;
    currency: string;
    /** The formula pinned today, and the assumptions in force today. */
    formulaVersion: number | null;
    assumptions: RoiAssumptionSet | null;
    /** Which formula and assumptions applied to which days of the range. */
    applied: AppliedSettings[];
    terms: RoiTerms;
    value: number;
    cost: number;
    net: number;
    totals: RollupInputs;
    series: {
      period: string;
      totals: RollupInputs;
      terms: RoiTerms;
      value: number;
      cost: number;
      net: number;
    }[];
  };
};

const figure = (f: DayFigure) => ({ terms: f.terms, value: f.value, cost: f.cost, net: f.net });

export function toRoiResponse(report: RoiReport): RoiResponse {
  return {
    data: {
      from: report.range.from,
      to: report.range.to,
      granularity: report.range.granularity,
      timezone: report.timezone,
      currency: report.currency,
      formulaVersion: report.pinned?.formulaVersion ?? null,
      assumptions: report.pinned?.assumptions ?? null,
      applied: report.applied,
      ...figure(report.figure),
      totals: report.totals,
      series: report.series.map((p) => ({
        period: p.period,
        totals: p.inputs,
        ...figure(p.figure),
      })),
    },
  };
}
