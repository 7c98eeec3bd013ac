import { formatDistanceToNowStrict } from "date-fns";

export function timeAgo(date: Date | null | undefined): string {
  return date ? `${formatDistanceToNowStrict(date)} ago` : "never";
}

export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC";
}
