import Link from "next/link";
import { clsx } from "clsx";
import { filterToSearchParams } from "@/lib/contacts/filters";
import type { Segment } from "@/lib/contacts/segments/service";
import { DeleteSegmentButton } from "./delete-segment-button";

// Saved segments as links: applying one opens the list at its filter's URL (the same link anyone
// could share), so paging and export need nothing segment-specific.

export const segmentHref = (segment: Segment) => {
  const query = segment.filter ? filterToSearchParams(segment.filter).toString() : "";
  return query ? `/contacts?${query}` : "/contacts";
};

export function SegmentPicker({
  segments,
  currentQuery,
  canDelete,
}: {
  segments: Segment[];
  /** The list's query string without cursor, to mark the segment being shown. */
  currentQuery: string;
  canDelete: boolean;
}) {
  if (segments.length === 0) return null;
  return (
    <nav aria-label="Saved segments" className="mb-4">
      <h2 className="mb-2 text-xs font-medium text-zinc-500 uppercase">Saved segments</h2>
      <ul className="flex flex-wrap gap-2">
        {segments.map((segment) => {
          const current =
            segment.filter !== null &&
            filterToSearchParams(segment.filter).toString() === currentQuery;
          return (
            <li
              key={segment.id}
              className={clsx(
                "flex items-center rounded-full border text-sm",
                current ? "border-brand-500 bg-brand-50" : "border-zinc-200 bg-white",
              )}
              data-testid="segment"
            >
              {segment.filter ? (
                <Link
                  href={segmentHref(segment)}
                  aria-current={current ? "true" : undefined}
                  className="rounded-l-full py-1 pr-1 pl-3 font-medium text-zinc-800 hover:underline"
                >
                  {segment.name}
                </Link>
              ) : (
                <span
                  className="py-1 pr-1 pl-3 text-zinc-500"
                  title="Its filter no longer applies; delete it and save it again."
                >
                  {segment.name} (outdated)
                </span>
              )}
              {canDelete ? (
                <DeleteSegmentButton id={segment.id} name={segment.name} />
              ) : (
                <span className="pr-2" />
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
