import type { SignalOutcome } from "@/db/schema/learning";

// What the agent did with every turn, as one stacked bar with its legend (no chart library: five
// segments read better than an axis).

const OUTCOMES: { key: SignalOutcome; label: string; color: string }[] = [
  { key: "answered", label: "Answered", color: "bg-emerald-500" },
  { key: "deflected", label: "Did not know", color: "bg-amber-500" },
  { key: "negative", label: "Caller unhappy or repeated", color: "bg-red-500" },
  { key: "escalated", label: "Handed to a person", color: "bg-sky-500" },
  { key: "abandoned", label: "Caller hung up", color: "bg-zinc-400" },
];

export function OutcomeBar({ totals }: { totals: Record<SignalOutcome, number> }) {
  const total = OUTCOMES.reduce((sum, o) => sum + totals[o.key], 0);
  if (total === 0) return null;
  const pct = (n: number) => Math.round((n / total) * 100);
  return (
    <figure className="space-y-3" data-testid="outcome-bar">
      <div
        className="flex h-3 w-full overflow-hidden rounded-full bg-zinc-100"
        role="img"
        aria-label={OUTCOMES.map((o) => `${o.label}: ${pct(totals[o.key])}%`).join(", ")}
      >
        {OUTCOMES.filter((o) => totals[o.key] > 0).map((o) => (
          <div
            key={o.key}
            className={o.color}
            style={{ width: `${(totals[o.key] / total) * 100}%` }}
          />
        ))}
      </div>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
          {OUTCOMES.map((o) => (
            <li key={o.key} className="flex items-center gap-1.5">
              <span className={`inline-block size-2.5 rounded-full ${o.color}`} aria-hidden />
              {o.label}{" "}
              <span className="font-medium text-zinc-900 tabular-nums">{totals[o.key]}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
