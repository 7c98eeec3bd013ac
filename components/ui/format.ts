import { formatDistanceToNow } from "date-fns";

export function timeAgo(date: Date | null | undefined): string {
  return date ? formatDistanceToNow(date, { addSuffix: true }) : "never";
}

/** "5 Dec 2026, 15:10 UTC", or in `timeZone` with its short name ("5 Dec 2026, 07:10 GMT-8"). */
export function formatDateTime(date: Date, timeZone = "UTC"): string {
  const time = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(date);
  if (timeZone === "UTC") return `${time} UTC`;
  const zone = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" })
    .formatToParts(date)
    .find((part) => part.type === "timeZoneName")?.value;
  return zone ? `${time} ${zone}` : time;
}

/** A moment as the org reads it: in its time zone, named after the time. */
export function formatDateTimeIn(date: Date, timeZone: string): string {
  // (dateStyle cannot be combined with timeZoneName: the parts are spelled out instead.)
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(date);
}
