import { sql, type SQL } from "drizzle-orm";

// A gap's impact, the first key of the review list's order (then the last time it was asked):
//
//   impact = (signals + 2 × distinct callers) × 0.5 ^ (days since last asked ÷ 14)
//
// Many callers count more than one caller asking many times, and a gap nobody asked about for two
// weeks weighs half as much. Open gaps with no new signal for EXPIRY_DAYS expire.

export const IMPACT_HALF_LIFE_DAYS = 14;
export const EXPIRY_DAYS = 28;
export const IMPACT_FORMULA =
  "impact = (times asked + 2 × distinct callers) × 0.5^(days since last asked ÷ 14)";

export function impactOf(
  gap: { signalCount: number; callerCount: number; lastSeenAt: Date },
  now: Date,
): number {
  const days = Math.max(0, (now.getTime() - gap.lastSeenAt.getTime()) / 86_400_000);
  return (gap.signalCount + 2 * gap.callerCount) * 0.5 ** (days / IMPACT_HALF_LIFE_DAYS);
}

/** The same formula in SQL, over columns or expressions for the counts and the last time asked. */
export function impactSql(signals: SQL, callers: SQL, lastSeen: SQL, now: Date): SQL {
  return sql`((${signals}) + 2 * (${callers}))::real * power(0.5, greatest(0, extract(epoch from (${now.toISOString()}::timestamptz - (${lastSeen}))) / 86400.0 / ${IMPACT_HALF_LIFE_DAYS}))`;
}
