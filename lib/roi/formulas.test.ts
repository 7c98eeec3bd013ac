import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RoiAssumptionSet } from "./assumptions";
import { addDays, eachDay, runsOf, weekOf } from "./days";
import {
  computeDay,
  dailyFee,
  FORMULAS,
  formulaOf,
  INPUT_KEYS,
  sumFigures,
  sumInputs,
  type RollupInputs,
} from "./formulas";

const count = fc.integer({ min: 0, max: 500 });
const inputsArb: fc.Arbitrary<RollupInputs> = fc
  .record({
    callsAnswered: count,
    smsHandled: count,
    afterHoursShare: fc.double({ min: 0, max: 1, noNaN: true }),
    resolvedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    qualifiedLeads: count,
    bookings: count,
    evaluated: count,
    minutesHandled: fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
    agentCost: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000),
  })
  .map((r) => {
    const conversations = r.callsAnswered + r.smsHandled;
    const resolved = Math.floor(conversations * r.resolvedShare);
    return {
      conversations,
      callsAnswered: r.callsAnswered,
      afterHoursCalls: Math.floor(r.callsAnswered * r.afterHoursShare),
      minutesHandled: r.minutesHandled,
      smsHandled: r.smsHandled,
      resolved,
      escalated: conversations - resolved,
      qualifiedLeads: r.qualifiedLeads,
      bookings: r.bookings,
      evaluated: r.evaluated,
      successful: Math.floor(r.evaluated / 2),
      agentCost: r.agentCost,
      telephonyCost: Math.floor(r.agentCost * 5_000) / 10_000,
    };
  });

const money = fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100);
const assumptionsArb: fc.Arbitrary<RoiAssumptionSet> = fc.record({
  currency: fc.constantFrom("USD", "EUR"),
  minutesPerCall: fc.integer({ min: 0, max: 240 }),
  loadedHourlyCost: money,
  outcomeLabel: fc.constantFrom("qualified lead", "saved order"),
  valuePerOutcome: money,
  outcomeSource: fc.constantFrom("qualified_leads" as const, "bookings" as const),
  afterHoursCallValue: money,
  platformFeeMonthly: money,
});

describe("ROI formulas", () => {
  it("v1 is the issue's formula on the trade's assumptions, term by term", () => {
    const a: RoiAssumptionSet = {
      currency: "USD",
      minutesPerCall: 9,
      loadedHourlyCost: 45,
      outcomeLabel: "qualified lead",
      valuePerOutcome: 350,
      outcomeSource: "qualified_leads",
      afterHoursCallValue: 20,
      platformFeeMonthly: 365,
    };
    const inputs: RollupInputs = {
      ...sumInputs([]),
      conversations: 12,
      callsAnswered: 10,
      smsHandled: 2,
      afterHoursCalls: 3,
      resolved: 7,
      qualifiedLeads: 2,
      bookings: 5,
      agentCost: 4.2,
    };
    const day = computeDay(formulaOf(1), inputs, a);
    // 12 conversations × 9 min = 1.8 h × 45 = 81; 2 leads × 350; 3 × 20; fee 365 × 12 / 365 = 12.
    expect(day.terms).toEqual({
      timeSaved: 81,
      outcomes: 700,
      afterHours: 60,
      agentCost: 4.2,
      platformFee: 12,
    });
    expect(day).toMatchObject({ value: 841, cost: 16.2, net: 824.8 });
    // v2 credits time only for the 7 conversations resolved: 7 × 9 / 60 × 45 = 47.25.
    expect(computeDay(formulaOf(2), inputs, a).terms.timeSaved).toBe(47.25);
    // A shop counts orders handled instead of qualified leads.
    expect(
      computeDay(formulaOf(1), inputs, { ...a, outcomeSource: "bookings" }).terms.outcomes,
    ).toBe(1750);
  });

  it("every version keeps its number (versions are never renumbered or removed)", () => {
    expect(FORMULAS.map((f) => f.version)).toEqual([1, 2]);
    expect(() => formulaOf(3)).toThrow();
  });

  it("net = value − cost, every term to the cent, and v2 never credits more time than v1", () => {
    fc.assert(
      fc.property(inputsArb, assumptionsArb, (inputs, a) => {
        for (const f of FORMULAS) {
          const d = computeDay(f, inputs, a);
          for (const v of Object.values(d.terms))
            expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-6);
          expect(d.net).toBeCloseTo(d.value - d.cost, 9);
          expect(d.terms.platformFee).toBeCloseTo(dailyFee(a), 2);
        }
        expect(computeDay(formulaOf(2), inputs, a).terms.timeSaved).toBeLessThanOrEqual(
          computeDay(formulaOf(1), inputs, a).terms.timeSaved,
        );
      }),
    );
  });

  it("the figure of a range is the sum of its days, however the range is split", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(inputsArb, assumptionsArb), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (days, cut) => {
          const figures = days.map(([i, a]) => computeDay(formulaOf(1), i, a));
          const whole = sumFigures(figures);
          const k = Math.min(cut, figures.length);
          const halves = sumFigures([
            sumFigures(figures.slice(0, k)),
            sumFigures(figures.slice(k)),
          ]);
          expect(halves).toEqual(whole);
          const inputs = sumInputs(days.map(([i]) => i));
          for (const key of INPUT_KEYS) {
            expect(inputs[key]).toBeCloseTo(
              days.reduce((s, [i]) => s + i[key], 0),
              2,
            );
          }
        },
      ),
    );
  });
});

describe("calendar days", () => {
  it("adds days across month, year and daylight-saving edges", () => {
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(eachDay("2026-10-30", "2026-11-02")).toHaveLength(4);
    expect(weekOf("2026-12-06")).toBe("2026-11-30"); // a Sunday belongs to the week of its Monday
  });

  it("groups any set of days into runs that cover exactly those days", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 30 }), (offsets) => {
        const days = offsets.map((n) => addDays("2026-01-01", n));
        const covered = runsOf(days).flatMap((r) => eachDay(r.from, r.to));
        expect(covered.sort()).toEqual([...days].sort());
      }),
    );
  });
});
