import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { breakdownCsv } from "./csv";
import { computeDay, formulaOf, sumFigures, sumInputs, ZERO_INPUTS } from "./formulas";
import { rangeFromParams } from "./presets";
import { seriesOf } from "./queries";
import { roiRangeSchema } from "./schemas";
import { EMPTY_ASSUMPTIONS } from "./assumptions";
import type { RoiDailyRollup } from "@/db/schema";

describe("the overview's range", () => {
  it("resolves presets against the org's today", () => {
    expect(rangeFromParams({}, "2026-12-05")).toMatchObject({
      preset: "7d",
      from: "2026-11-29",
      to: "2026-12-05",
      granularity: "day",
    });
    expect(rangeFromParams({ range: "90d" }, "2026-12-05")).toMatchObject({
      from: "2026-09-07",
      granularity: "week",
    });
    expect(rangeFromParams({ range: "month" }, "2026-12-05")).toMatchObject({
      from: "2026-12-01",
      to: "2026-12-05",
    });
    expect(rangeFromParams({ range: "nonsense" }, "2026-12-05").preset).toBe("7d");
    const custom = rangeFromParams(
      { range: "custom", from: "2026-01-01", to: "2026-02-01", granularity: "month" },
      "2026-12-05",
    );
    expect(roiRangeSchema.parse(custom)).toEqual({
      from: "2026-01-01",
      to: "2026-02-01",
      granularity: "month",
    });
  });
});

const row = (day: string, calls: number, formulaVersion = 1): RoiDailyRollup => {
  const inputs = {
    ...ZERO_INPUTS,
    conversations: calls,
    callsAnswered: calls,
    agentCost: calls * 0.1,
  };
  const assumptions = {
    ...EMPTY_ASSUMPTIONS,
    minutesPerCall: 6,
    loadedHourlyCost: 30,
    platformFeeMonthly: 100,
  };
  const figure = computeDay(formulaOf(formulaVersion), inputs, assumptions);
  return {
    orgId: "o",
    day,
    ...inputs,
    formulaVersion,
    settingsFrom: "2026-01-01",
    assumptions,
    terms: figure.terms,
    value: figure.value,
    cost: figure.cost,
    net: figure.net,
    computedAt: new Date(),
  };
};

describe("the breakdown", () => {
  const rows = [
    row("2026-11-29", 3),
    row("2026-11-30", 5),
    row("2026-12-01", 2, 2),
    row("2026-12-07", 4, 2),
  ];

  it("groups days into weeks (from Monday) and months, each the sum of its days", () => {
    const weeks = seriesOf(rows, "week");
    expect(weeks.map((w) => [w.period, w.inputs.callsAnswered, w.formulaVersions])).toEqual([
      ["2026-11-23", 3, [1]],
      ["2026-11-30", 7, [1, 2]],
      ["2026-12-07", 4, [2]],
    ]);
    expect(sumFigures(weeks.map((w) => w.figure))).toEqual(
      sumFigures(rows.map((r) => ({ terms: r.terms as never }))),
    );
    expect(seriesOf(rows, "month").map((m) => m.period)).toEqual(["2026-11-01", "2026-12-01"]);
  });

  it("as CSV: a row per period and the total, which a spreadsheet can add up again", () => {
    const series = seriesOf(rows, "day");
    const totals = sumInputs(series.map((s) => s.inputs));
    const figure = sumFigures(series.map((s) => s.figure));
    const { fileName, text } = breakdownCsv({
      range: { from: "2026-11-29", to: "2026-12-07", granularity: "day" },
      currency: "USD",
      series,
      totals,
      figure,
    } as never);
    expect(fileName).toBe("luneo-roi-2026-11-29-to-2026-12-07-day.csv");
    const parsed = Papa.parse<Record<string, string>>(text, { header: true }).data;
    expect(parsed).toHaveLength(5);
    const total = parsed.at(-1)!;
    expect(total.period).toBe("total");
    expect(total.formula_versions).toBe("v1 v2");
    const sum = parsed.slice(0, -1).reduce((s, r) => s + Number(r.net), 0);
    expect(Number(total.net)).toBeCloseTo(sum, 2);
  });
});
