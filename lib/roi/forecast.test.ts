import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecast, HORIZON_DAYS, MIN_HISTORY_DAYS } from "./forecast";

const weekly = [10, 12, 11, 13, 12, 6, 2];

describe("the 30-day forecast (Holt–Winters, weekly season)", () => {
  it("says 'not enough history' below four weeks", () => {
    expect(forecast(Array.from({ length: 27 }, () => 5))).toEqual({
      enough: false,
      haveDays: 27,
      needDays: MIN_HISTORY_DAYS,
    });
  });

  it("carries a clean weekly pattern forward, weekday for weekday", () => {
    const history = Array.from({ length: 8 * 7 }, (_, i) => weekly[i % 7]!);
    const f = forecast(history);
    if (!f.enough) throw new Error("expected a forecast");
    expect(f.mean).toHaveLength(HORIZON_DAYS);
    f.mean.forEach((v, h) => expect(v).toBeCloseTo(weekly[(history.length + h) % 7]!, 1));
    expect(f.total.mean).toBeCloseTo(
      Array.from({ length: HORIZON_DAYS }, (_, h) => weekly[(history.length + h) % 7]!).reduce(
        (s, x) => s + x,
        0,
      ),
      0,
    );
  });

  it("follows a trend", () => {
    const history = Array.from({ length: 10 * 7 }, (_, i) => 20 + i * 0.5 + weekly[i % 7]!);
    const f = forecast(history);
    if (!f.enough) throw new Error("expected a forecast");
    expect(f.mean[29]!).toBeGreaterThan(f.mean[1]!);
  });

  it("never goes below zero and always brackets its mean", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: MIN_HISTORY_DAYS, maxLength: 120 }),
        (history) => {
          const f = forecast(history);
          if (!f.enough) throw new Error("expected a forecast");
          f.mean.forEach((m, i) => {
            expect(m).toBeGreaterThanOrEqual(0);
            expect(f.lower[i]!).toBeLessThanOrEqual(m);
            expect(f.upper[i]!).toBeGreaterThanOrEqual(m);
          });
          expect(f.total.lower).toBeLessThanOrEqual(f.total.mean);
          expect(f.total.upper).toBeGreaterThanOrEqual(f.total.mean);
        },
      ),
      { numRuns: 50 },
    );
  });
});
