import { formatDistanceToNow } from "date-fns";

export function timeAgo(date: Date | null | undefined): string {
  return date ? formatDistanceToNow(date, { addSuffix: true }) : "never";
}

export function formatDateTime(date: Date): string {
  return (
    new Intl.DateTimeFormat("en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "UTC",
    }).format(date) + " UTC"
  );
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
