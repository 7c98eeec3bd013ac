"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { format } from "date-fns";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { contactKeys } from "@/lib/contacts/keys";
import type { TimelineEntry as Entry, TimelinePage } from "@/lib/contacts/timeline/recorded-reads";
import { NoteForm } from "./note-form";
import { getJson, TimelineEntry } from "./timeline-entry";

export const timelineUrl = (contactId: string, cursor: string | null) =>
  `/contacts/${contactId}/timeline${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`;

type Day = { key: string; heading: string; entries: Entry[] };

/** "2026-11-16": the calendar day of an instant in the org's time zone. */
function dayKeyIn(timeZone: string) {
  const formatter = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (date: Date) => {
    const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
}

function dayHeading(key: string, today: string): string {
  const [y, m, d] = key.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  const daysAgo = Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(y, m - 1, d)) / 86_400_000);
  if (daysAgo === 0) return "Today";
  if (daysAgo === 1) return "Yesterday";
  // A local date built from the day's parts: date-fns formats it as that same calendar day.
  return format(new Date(y, m - 1, d), "EEEE d MMMM yyyy");
}

/** Entries (newest first) grouped by day in the org's time zone, headed Today, Yesterday or the date. */
export function groupByDay(entries: Entry[], timeZone: string, now: Date): Day[] {
  const dayKey = dayKeyIn(timeZone);
  const today = dayKey(now);
  const days: Day[] = [];
  for (const entry of entries) {
    const key = dayKey(new Date(entry.occurredAt));
    const last = days.at(-1);
    if (last?.key === key) last.entries.push(entry);
    else days.push({ key, heading: dayHeading(key, today), entries: [entry] });
  }
  return days;
}

/**
 * One entry per id and per conversation: when a call ends while older pages are loaded, its newest
 * event moves to the top and its older one may still sit on a page fetched before.
 */
function distinct(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const family = entry.kind.split(".")[0];
    const key =
      entry.conversation && (family === "call" || family === "sms")
        ? `${family}:${entry.conversation.id}`
        : entry.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A contact's timeline: notes form, entries by day, older pages on demand. */
export function ContactTimeline({
  contactId,
  contactName,
  timezone,
  canAddNote,
}: {
  contactId: string;
  /** How SMS threads name the contact's side. */
  contactName: string;
  timezone: string;
  canAddNote: boolean;
}) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: contactKeys.timeline(contactId),
    queryFn: ({ pageParam, signal }) =>
      getJson<TimelinePage>(timelineUrl(contactId, pageParam), signal),
    initialPageParam: null as string | null, // the page prefetches the same first page
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = distinct(query.data?.pages.flatMap((page) => page.entries) ?? []);
  const timeOfDay = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
  });

  return (
    <div data-testid="timeline">
      {canAddNote ? (
        <NoteForm
          contactId={contactId}
          onAdded={() =>
            queryClient.invalidateQueries({ queryKey: contactKeys.timeline(contactId) })
          }
        />
      ) : null}
      {query.isPending ? (
        <p role="status" className="px-5 py-10 text-center text-sm text-zinc-500">
          Loading the timeline…
        </p>
      ) : query.isError && entries.length === 0 ? (
        <div role="alert" className="space-y-3 px-5 py-10 text-center text-sm text-red-700">
          <p>{query.error.message}</p>
          <Button variant="secondary" onClick={() => query.refetch()}>
            Try again
          </Button>
        </div>
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing yet: calls, messages and notes appear here." />
      ) : (
        groupByDay(entries, timezone, new Date()).map((day) => (
          <section key={day.key} aria-labelledby={`day-${day.key}`}>
            <h3
              id={`day-${day.key}`}
              className="sticky top-0 border-y border-zinc-100 bg-zinc-50 px-5 py-1.5 text-xs font-semibold text-zinc-600"
              // "Today" is decided by the clock: the server's and the browser's may straddle midnight.
              suppressHydrationWarning
            >
              {day.heading}
            </h3>
            <ol className="divide-y divide-zinc-100">
              {day.entries.map((entry) => (
                <li key={entry.id}>
                  <TimelineEntry
                    contactId={contactId}
                    contactName={contactName}
                    entry={entry}
                    time={timeOfDay.format(new Date(entry.occurredAt))}
                  />
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
      {query.hasNextPage || query.isFetchNextPageError ? (
        <div className="flex flex-col items-center gap-2 border-t border-zinc-100 px-5 py-4">
          {query.isFetchNextPageError ? (
            <p role="alert" className="text-sm text-red-700">
              Older entries could not be loaded. Try again.
            </p>
          ) : null}
          <Button
            variant="secondary"
            onClick={() => query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? "Loading…" : "Load older"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
