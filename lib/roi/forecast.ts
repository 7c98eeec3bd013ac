// A forecast of the next 30 days from the daily rollups: additive Holt–Winters (triple
// exponential smoothing) with a damped trend and a weekly season (m = 7), the standard method for
// a series with a level, a trend and a weekday pattern (Hyndman & Athanasopoulos, "Forecasting:
// Principles and Practice", §8.3; the damping, §8.2, keeps a recent burst from being extrapolated
// for a month). Small enough to write here rather than add a library: the smoothing
// parameters are chosen by a grid search that minimises the one-step-ahead squared error, and the
// interval comes from those errors' spread. Below four weeks of history it says so instead.

export const SEASON = 7;
/** Four weeks: the first two set the season and level, the rest check the fit. */
export const MIN_HISTORY_DAYS = 28;
export const HORIZON_DAYS = 30;
const Z95 = 1.96;

export type Forecast =
  | { enough: false; haveDays: number; needDays: number }
  | {
      enough: true;
      /** One value per day ahead (day 1 = tomorrow), never below zero. */
      mean: number[];
      lower: number[];
      upper: number[];
      total: { mean: number; lower: number; upper: number };
      params: { alpha: number; beta: number; gamma: number; phi: number };
    };

type Fit = { sse: number; level: number; trend: number; season: number[]; residuals: number[] };

function fit(y: readonly number[], alpha: number, beta: number, gamma: number, phi: number): Fit {
  const m = SEASON;
  const first = y.slice(0, m);
  const second = y.slice(m, 2 * m);
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  let level = mean(first);
  let trend = (mean(second) - mean(first)) / m;
  const season = first.map((x) => x - level);
  const residuals: number[] = [];
  let sse = 0;
  for (let t = m; t < y.length; t++) {
    const s = season[t % m]!;
    const predicted = level + phi * trend + s;
    const error = y[t]! - predicted;
    residuals.push(error);
    sse += error * error;
    const previousLevel = level;
    level = alpha * (y[t]! - s) + (1 - alpha) * (level + phi * trend);
    trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
    season[t % m] = gamma * (y[t]! - previousLevel - phi * trend) + (1 - gamma) * s;
  }
  return { sse, level, trend, season, residuals };
}

const GRID = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7];
const DAMPING = [0.8, 0.9, 0.98];

/**
 * The next `horizon` days of `history` (oldest first, one value per day, no gaps). Counts never go
 * below zero (`nonNegative`); money may.
 */
export function forecast(
  history: readonly number[],
  { horizon = HORIZON_DAYS, nonNegative = true }: { horizon?: number; nonNegative?: boolean } = {},
): Forecast {
  const floor = (x: number) => (nonNegative ? Math.max(0, x) : x);
  if (history.length < MIN_HISTORY_DAYS) {
    return { enough: false, haveDays: history.length, needDays: MIN_HISTORY_DAYS };
  }
  let best: { fit: Fit; alpha: number; beta: number; gamma: number; phi: number } | null = null;
  for (const alpha of GRID) {
    for (const beta of GRID.slice(0, 3)) {
      for (const gamma of GRID) {
        for (const phi of DAMPING) {
          const f = fit(history, alpha, beta, gamma, phi);
          if (!best || f.sse < best.fit.sse) best = { fit: f, alpha, beta, gamma, phi };
        }
      }
    }
  }
  const { fit: f, alpha, beta, gamma, phi } = best!;
  const n = history.length;
  const sigma = Math.sqrt(f.sse / Math.max(1, f.residuals.length - 3));
  const mean: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let damped = 0;
  for (let h = 1; h <= horizon; h++) {
    damped += phi ** h;
    const point = floor(f.level + damped * f.trend + f.season[(n + h - 1) % SEASON]!);
    // The variance of an h-step error grows with the horizon (simplified from FPP §8.7).
    const spread = Z95 * sigma * Math.sqrt(1 + (h - 1) * alpha * alpha * (1 + h * beta));
    mean.push(point);
    lower.push(floor(point - spread));
    upper.push(point + spread);
  }
  const totalMean = mean.reduce((s, x) => s + x, 0);
  // Days' errors are not independent (a level set too high is too high every day): the total's
  // half-width is taken as the sum of the days' — wide, but never falsely precise.
  const totalSpread = upper.reduce((s, u, i) => s + (u - mean[i]!), 0);
  return {
    enough: true,
    mean,
    lower,
    upper,
    total: {
      mean: totalMean,
      lower: floor(totalMean - totalSpread),
      upper: totalMean + totalSpread,
    },
    params: { alpha, beta, gamma, phi },
  };
}
