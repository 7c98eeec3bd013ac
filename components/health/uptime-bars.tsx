import { clsx } from "clsx";
import type { Uptime } from "@/lib/health/uptime/queries";
import { STATUS_NAMES } from "@/lib/health/compute";
import { STATUS_BAR_COLOURS } from "./status-badge";

export const formatUptime = (value: number | null) =>
  value === null ? "no data yet" : `${(Math.floor(value * 10_000) / 100).toFixed(2)} %`;

/**
 * 90 days of one component, a bar per UTC day coloured by the worst status of the day (grey: not
 * measured yet). The figure is read out as one sentence; each bar's title names its day.
 */
export function UptimeBars({ uptime, label }: { uptime: Uptime; label: string }) {
  const days = uptime.days;
  const bad = days.filter((d) => d.worst && d.worst !== "operational").length;
  return (
    <figure className="min-w-0">
      <div
        role="img"
        aria-label={`${label}: uptime ${formatUptime(uptime.uptime)} over ${days.length} days, ${bad} day${bad === 1 ? "" : "s"} with trouble.`}
        className="flex h-8 items-stretch gap-px"
      >
        {days.map((d) => (
          <span
            key={d.day}
            title={`${d.day}: ${d.worst ? `${STATUS_NAMES[d.worst]}, ${formatUptime(d.uptime)}` : "no data"}`}
            className={clsx(
              "min-w-0 flex-1 rounded-[1px]",
              d.worst ? STATUS_BAR_COLOURS[d.worst] : "bg-zinc-200",
            )}
          />
        ))}
      </div>
      <figcaption className="mt-1 flex justify-between text-xs text-zinc-500">
        <span>{days.length} days ago</span>
        <span>
          {uptime.uptime === null ? "No data yet" : `${formatUptime(uptime.uptime)} uptime`}
        </span>
        <span>Today</span>
      </figcaption>
    </figure>
  );
}
