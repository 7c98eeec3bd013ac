import { clsx } from "clsx";
import type { ComponentStatus, IncidentStatus } from "@/db/schema/health";
import { STATUS_NAMES } from "@/lib/health/compute";
import { INCIDENT_STATUS_NAMES } from "@/lib/health/words";

const TONES: Record<ComponentStatus, { dot: string; text: string }> = {
  operational: { dot: "bg-green-500", text: "text-green-800 bg-green-50" },
  degraded_performance: { dot: "bg-amber-400", text: "text-amber-900 bg-amber-50" },
  partial_outage: { dot: "bg-orange-500", text: "text-orange-900 bg-orange-50" },
  major_outage: { dot: "bg-red-600", text: "text-red-800 bg-red-50" },
};

export const STATUS_BAR_COLOURS: Record<ComponentStatus, string> = {
  operational: "bg-green-500",
  degraded_performance: "bg-amber-400",
  partial_outage: "bg-orange-500",
  major_outage: "bg-red-600",
};

/** A component's status in Statuspage's words, with a coloured dot (the words carry the meaning). */
export function ComponentStatusBadge({ status }: { status: ComponentStatus }) {
  const tone = TONES[status];
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        tone.text,
      )}
      data-testid="component-status"
    >
      <span aria-hidden className={clsx("size-2 rounded-full", tone.dot)} />
      {STATUS_NAMES[status]}
    </span>
  );
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap",
        status === "resolved" ? "bg-green-50 text-green-800" : "bg-amber-50 text-amber-900",
      )}
      data-testid="incident-status"
    >
      {INCIDENT_STATUS_NAMES[status]}
    </span>
  );
}
