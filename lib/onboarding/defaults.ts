import type { WeeklyHours } from "@/lib/verticals/content";

/** Opening hours offered before a trade is chosen: a plain office week. */
export const OFFICE_HOURS: WeeklyHours = {
  mon: [{ open: "09:00", close: "18:00" }],
  tue: [{ open: "09:00", close: "18:00" }],
  wed: [{ open: "09:00", close: "18:00" }],
  thu: [{ open: "09:00", close: "18:00" }],
  fri: [{ open: "09:00", close: "18:00" }],
  sat: [],
  sun: [],
};
