// Calendar days as "YYYY-MM-DD" strings: a local day of an org is a date, not an instant, so its
// arithmetic is done on the calendar (UTC noon avoids any daylight-saving edge).

const DAY_MS = 86_400_000;
const toDate = (day: string) => new Date(`${day}T12:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return fromDate(new Date(toDate(day).getTime() + n * DAY_MS));
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The Monday of the day's week. */
export function weekOf(day: string): string {
  const dow = (toDate(day).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -dow);
}

export const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

/** Runs of consecutive days, from a set of days in any order. */
export function runsOf(days: Iterable<string>): { from: string; to: string }[] {
  const sorted = [...new Set(days)].sort();
  const runs: { from: string; to: string }[] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day });
  }
  return runs;
}

/** The days of one period of a series (a day, a week from its Monday, a month), within a range. */
export function periodRange(
  period: string,
  granularity: "day" | "week" | "month",
  range: { from: string; to: string },
): { from: string; to: string } {
  let end = period;
  if (granularity === "week") end = addDays(period, 6);
  if (granularity === "month") end = addDays(monthOf(addDays(period, 31)), -1);
  return { from: period < range.from ? range.from : period, to: end > range.to ? range.to : end };
}
