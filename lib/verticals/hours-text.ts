import { DAYS, type Day, type OpeningInterval, type WeeklyHours } from "./content";

// Opening hours in words, one way for every place that shows them: the agent's variables, the
// setup summary, the upgrade diff, the hours editor and the Agent page.

export const DAY_NAMES: Record<Day, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

const DAY_SHORT_NAMES: Record<Day, string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

/** One day: "09:00–12:30, 14:00–19:00" in time order, or "closed". */
export function intervalsText(intervals: readonly OpeningInterval[]): string {
  if (intervals.length === 0) return "closed";
  return [...intervals]
    .sort((a, b) => a.open.localeCompare(b.open) || a.close.localeCompare(b.close))
    .map((i) => `${i.open}–${i.close}`)
    .join(", ");
}

/** "Mon–Fri 09:00–12:30, 14:00–19:00; Sat 10:00–17:00; Sun closed": equal neighbours merged. */
export function describeOpeningHours(hours: WeeklyHours): string {
  const groups: { first: Day; last: Day; text: string }[] = [];
  for (const day of DAYS) {
    const text = intervalsText(hours[day]);
    const previous = groups.at(-1);
    if (previous && previous.text === text) previous.last = day;
    else groups.push({ first: day, last: day, text });
  }
  return groups
    .map(({ first, last, text }) =>
      first === last
        ? `${DAY_SHORT_NAMES[first]} ${text}`
        : `${DAY_SHORT_NAMES[first]}–${DAY_SHORT_NAMES[last]} ${text}`,
    )
    .join("; ");
}
