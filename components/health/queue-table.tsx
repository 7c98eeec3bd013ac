import { Card, CardHeader, EmptyState } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import type { QueueFigures } from "@/lib/health/queue-figures";

const lagWords = (seconds: number | null) =>
  seconds === null ? "none waiting" : seconds < 1 ? "under 1 s" : `${Math.round(seconds)} s`;

const failureWords = (q: QueueFigures) =>
  q.finishedLastHour === 0
    ? "–"
    : `${((q.failedLastHour / q.finishedLastHour) * 100).toFixed(1)} % (${q.failedLastHour} of ${q.finishedLastHour})`;

/** Staff: every job queue's lag and failure rate, from pg-boss's table. */
export function QueueTable({ queues }: { queues: QueueFigures[] }) {
  return (
    <Card className="mb-6">
      <CardHeader
        title="Job queues"
        description="Lag is how long the oldest job that could run has waited (jobs scheduled for later are not late). Failed means retries spent, in the last hour."
      />
      {queues.length === 0 ? (
        <EmptyState title="No jobs yet" />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <TableHead
              caption="Job queues"
              columns={["Queue", "Waiting", "Oldest waiting", "Failed, last hour"]}
            />
            <tbody className="divide-y divide-zinc-100">
              {queues.map((q) => (
                <tr key={q.queue} data-testid="queue-figures">
                  <td className="px-5 py-3 font-mono text-xs text-zinc-900">{q.queue}</td>
                  <td className="px-5 py-3 text-zinc-600">{q.waiting}</td>
                  <td className="px-5 py-3 text-zinc-900">{lagWords(q.lagSeconds)}</td>
                  <td className="px-5 py-3 text-zinc-900">{failureWords(q)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
