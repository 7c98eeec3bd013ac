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
