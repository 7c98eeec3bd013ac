import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import type { GapFilter } from "@/lib/learning/schemas";

const control = "block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm";

/**
 * The review list's filters: a plain GET form (works without JavaScript, keeps the URL shareable).
 * The status is the tab, kept as a hidden field; paging starts over when a filter changes.
 */
export function GapFilters({ filter }: { filter: GapFilter }) {
  return (
    <form
      method="get"
      action="/learning"
      className="grid grid-cols-2 items-end gap-3 border-b border-zinc-100 px-5 py-3 sm:flex sm:flex-wrap"
      aria-label="Filter the gaps"
      data-testid="gap-filters"
    >
      <input type="hidden" name="status" value={filter.status} />
      <label className="space-y-1 text-xs font-medium text-zinc-600">
        <span>Language</span>
        <select name="language" defaultValue={filter.language ?? ""} className={control}>
          <option value="">All languages</option>
          <option value="en">English</option>
          <option value="fr">French</option>
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600">
        <span>Channel</span>
        <select name="channel" defaultValue={filter.channel ?? ""} className={control}>
          <option value="">All channels</option>
          <option value="voice">Calls</option>
          <option value="sms">Texts</option>
          <option value="webchat">Web chat</option>
          <option value="api">Sent through the API</option>
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600">
        <span>Last asked from</span>
        <input type="date" name="from" defaultValue={filter.from ?? ""} className={control} />
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600">
        <span>to</span>
        <input type="date" name="to" defaultValue={filter.to ?? ""} className={control} />
      </label>
      <div className="col-span-2 flex items-center gap-3">
        <button type="submit" className={buttonClasses("secondary", "py-1.5")}>
          Apply
        </button>
        <Link
          href={`/learning?status=${filter.status}`}
          className="text-sm text-zinc-600 hover:underline"
        >
          Clear
        </Link>
      </div>
    </form>
  );
}
