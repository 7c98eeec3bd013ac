import { TEXT_LINK_CLASSES } from "@/components/ui/text-link";
import Link from "next/link";
import { clsx } from "clsx";
import { buttonClasses } from "@/components/ui/button";
import { PRESETS, type Preset } from "@/lib/roi/presets";
import { GRANULARITIES } from "@/lib/roi/schemas";

// Plain links and a GET form: the range lives in the address, so it can be shared and reloaded.

const GRANULARITY_LABELS = { day: "Daily", week: "Weekly", month: "Monthly" } as const;

export function RangePicker({
  preset,
  from,
  to,
  granularity,
  error,
}: {
  preset: Preset;
  from: string;
  to: string;
  granularity: string;
  error?: string;
}) {
  const href = (p: Record<string, string>) => `/dashboard?${new URLSearchParams(p).toString()}`;
  const base: Record<string, string> =
    preset === "custom" ? { range: "custom", from, to } : { range: preset };
  return (
    <div className="space-y-3" data-testid="range-picker">
      <nav aria-label="Period" className="flex flex-wrap gap-2">
        {(Object.keys(PRESETS) as Preset[])
          .filter((p) => p !== "custom")
          .map((p) => (
            <Link
              key={p}
              href={href({ range: p })}
              aria-current={p === preset ? "page" : undefined}
              className={clsx(
                "rounded-full border px-3 py-1 text-sm",
                p === preset
                  ? "border-brand-600 bg-brand-50 font-medium text-brand-700"
                  : "border-zinc-200 text-zinc-700 hover:bg-zinc-50",
              )}
            >
              {PRESETS[p]}
            </Link>
          ))}
      </nav>
      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <nav aria-label="Group by" className="flex gap-1 text-sm">
          {GRANULARITIES.map((g) => (
            <Link
              key={g}
              href={href({ ...base, granularity: g })}
              aria-current={g === granularity ? "page" : undefined}
              className={clsx(
                "rounded-md px-2 py-1",
                g === granularity ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
              )}
            >
              {GRANULARITY_LABELS[g]}
            </Link>
          ))}
        </nav>
        <form
          // Remounted per range, so the date fields show the range chosen by a preset link.
          key={`${from}:${to}`}
          action="/dashboard"
          method="get"
          className="flex flex-wrap items-end gap-2 text-sm"
        >
          <input type="hidden" name="range" value="custom" />
          <input type="hidden" name="granularity" value={granularity} />
          <label className="flex flex-col text-xs text-zinc-600">
            From
            <input
              type="date"
              name="from"
              defaultValue={from}
              className="mt-0.5 rounded-md border border-zinc-300 px-2 py-1 text-sm text-zinc-900"
            />
          </label>
          <label className="flex flex-col text-xs text-zinc-600">
            To
            <input
              type="date"
              name="to"
              defaultValue={to}
              className="mt-0.5 rounded-md border border-zinc-300 px-2 py-1 text-sm text-zinc-900"
            />
          </label>
          <button type="submit" className={buttonClasses("secondary")}>
            Show
          </button>
        </form>
        <a
          href={`/dashboard/export?${new URLSearchParams({ from, to, granularity }).toString()}`}
          className={clsx("text-sm", TEXT_LINK_CLASSES)}
          download
        >
          Download the breakdown (CSV)
        </a>
      </div>
      {error ? (
        <p
          role="alert"
          data-testid="range-error"
          className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {error} Showing the last 7 days instead.
        </p>
      ) : null}
    </div>
  );
}
