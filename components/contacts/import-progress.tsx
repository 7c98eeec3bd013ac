"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { IMPORT_REPORT_LIMIT } from "@/lib/contacts/import/mapping";
import type { ImportState } from "@/lib/contacts/import/queries";

const POLL_MS = 1000;
const finished = (s: ImportState) => s.status === "done" || s.status === "failed";
const n = (v: number) => v.toLocaleString("en-US");

/** Polls the import's status route every second until it is finished, then shows its report. */
export function ImportProgress({ initial }: { initial: ImportState }) {
  const [state, setState] = useState(initial);
  const [offline, setOffline] = useState(false);
  const done = finished(state);

  useEffect(() => {
    if (done) return;
    let cancelled = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/contacts/imports/${state.id}/status`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as ImportState;
        if (!cancelled) {
          setState(next);
          setOffline(false);
        }
      } catch {
        if (!cancelled) setOffline(true);
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [done, state.id]);

  const percent =
    state.totalRows > 0 ? Math.round((state.processedRows / state.totalRows) * 100) : 0;
  const statusText = {
    queued: "Waiting to start…",
    running: `Importing… ${n(state.processedRows)} of ${n(state.totalRows)} rows`,
    done: `Finished: ${n(state.totalRows)} rows read.`,
    failed: `Stopped after ${n(state.processedRows)} of ${n(state.totalRows)} rows because of an unexpected error. The rows before were imported; import the rest again in a new file.`,
  }[state.status];

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={state.fileName} description={statusText} />
        <div className="space-y-3 p-5">
          <div
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={state.totalRows}
            aria-valuenow={state.processedRows}
            aria-valuetext={`${n(state.processedRows)} of ${n(state.totalRows)} rows`}
            data-testid="import-progress"
            className="h-2.5 overflow-hidden rounded-full bg-zinc-100"
          >
            <div
              className={
                state.status === "failed"
                  ? "h-full bg-red-500"
                  : "h-full bg-brand-600 transition-[width] duration-500"
              }
              style={{ width: `${percent}%` }}
            />
          </div>
          <p className="text-sm text-zinc-600 tabular-nums" aria-live="polite">
            {percent}%{offline ? " · Connection lost, retrying…" : ""}
          </p>
        </div>
      </Card>

      {done ? (
        <Card>
          <CardHeader title="Report" />
          <dl className="grid grid-cols-3 gap-4 p-5 text-center" data-testid="import-counts">
            {[
              ["Created", state.created, "New contacts"],
              ["Updated", state.updated, "Merged into an existing contact"],
              ["Failed", state.failed, "Rows skipped"],
            ].map(([label, value, hint]) => (
              <div key={label as string} className="rounded-lg bg-zinc-50 p-3">
                <dt className="text-xs font-medium text-zinc-500 uppercase">{label}</dt>
                <dd className="text-2xl font-semibold text-zinc-900 tabular-nums">
                  {n(value as number)}
                </dd>
                <dd className="text-xs text-zinc-500">{hint}</dd>
              </div>
            ))}
          </dl>
          {state.report.length > 0 ? (
            <div className="overflow-x-auto border-t border-zinc-100">
              <table className="w-full text-left text-sm" data-testid="import-report">
                <TableHead
                  caption="Rows that were not imported, and values left out of imported rows"
                  columns={["Row", "Column", "Problem"]}
                />
                <tbody className="divide-y divide-zinc-100">
                  {state.report.map((entry, i) => (
                    <tr
                      key={`${entry.row}-${entry.field}-${i}`}
                      data-level={entry.warning ? "warning" : "error"}
                    >
                      <td className="px-5 py-2 text-zinc-500 tabular-nums">{entry.row}</td>
                      <td className="px-5 py-2 text-zinc-900">{entry.field}</td>
                      <td className="px-5 py-2 text-zinc-700">
                        {entry.warning ? (
                          <span className="mr-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">
                            Imported
                          </span>
                        ) : (
                          <span className="mr-2 rounded bg-red-50 px-1.5 py-0.5 text-xs font-medium text-red-800">
                            Skipped
                          </span>
                        )}
                        {entry.message}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="px-5 py-3 text-xs text-zinc-500">
                Rows are numbered as in a spreadsheet: the header is row 1.
                {state.report.length >= IMPORT_REPORT_LIMIT
                  ? ` Only the first ${n(IMPORT_REPORT_LIMIT)} problems are listed.`
                  : ""}
              </p>
            </div>
          ) : null}
          <div className="flex gap-3 border-t border-zinc-100 p-5">
            <Link href="/contacts" className={buttonClasses("primary")}>
              Go to contacts
            </Link>
            <Link href="/contacts/import" className={buttonClasses("secondary")}>
              Import another file
            </Link>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
