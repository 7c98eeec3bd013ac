import type { Metadata } from "next";
import Link from "next/link";
import {
  ACTION_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  STATUS_TONES,
} from "@/components/agent-actions/labels";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { listJournal } from "@/lib/agent-actions/queries";
import { contactLabel } from "@/lib/agent-actions/task-queries";
import { ACTION_NAMES, journalFiltersSchema } from "@/lib/agent-actions/schemas";
import { EXECUTION_STATUSES } from "@/db/schema/agent-actions";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";

export const metadata: Metadata = { title: "Actions journal" };

const select =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs";

export default async function JournalPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.actions.key);
  if (!hasPermission(ctx, "actions.read")) {
    return (
      <NotAllowed title="Actions journal" reason="Only owners and admins can read the journal" />
    );
  }
  const filters = journalFiltersSchema.parse(await searchParams);
  const [{ rows, nextCursor, timezone }, contactName] = await Promise.all([
    listJournal(ctx, filters),
    filters.contact ? contactLabel(ctx, filters.contact) : null,
  ]);
  /** The address of this journal with the filters, changed by `extra` ("" drops a filter). */
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const key of ["action", "status", "contact", "from", "to"] as const) {
      if (filters[key]) params.set(key, filters[key]);
    }
    if (filters.mode !== "all") params.set("mode", filters.mode);
    for (const [key, value] of Object.entries(extra)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    return params.toString();
  };
  const filtered = Boolean(
    filters.action || filters.status || filters.contact || filters.from || filters.to,
  );
  return (
    <>
      <PageHeader
        title="Actions journal"
        description={
          <>
            Every action the agent, the API or your team ran — dry-runs included — with what it did.
            Personal details are masked. Back to{" "}
            <TextLink href="/settings/actions">Actions</TextLink>.
          </>
        }
      />
      <form
        method="get"
        className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
        aria-label="Filter the journal"
      >
        {filters.contact ? <input type="hidden" name="contact" value={filters.contact} /> : null}
        <label className="text-sm text-zinc-700">
          Action
          <select name="action" defaultValue={filters.action ?? ""} className={select}>
            <option value="">All actions</option>
            {ACTION_NAMES.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-zinc-700">
          Status
          <select name="status" defaultValue={filters.status ?? ""} className={select}>
            <option value="">Any status</option>
            {EXECUTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-zinc-700">
          Mode
          <select name="mode" defaultValue={filters.mode} className={select}>
            <option value="all">Real and dry-runs</option>
            <option value="real">Real only</option>
            <option value="dry-run">Dry-runs only</option>
          </select>
        </label>
        <label className="text-sm text-zinc-700">
          From
          <input type="date" name="from" defaultValue={filters.from ?? ""} className={select} />
        </label>
        <label className="text-sm text-zinc-700">
          To
          <input type="date" name="to" defaultValue={filters.to ?? ""} className={select} />
        </label>
        <div className="flex items-end">
          <button type="submit" className={buttonClasses("secondary", "w-full")}>
            Filter
          </button>
        </div>
      </form>
      {filters.contact ? (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-zinc-700">
          <span>
            About <span className="font-medium">{contactName ?? "a contact no longer here"}</span>
          </span>
          <TextLink href={`/settings/actions/journal?${query({ contact: "" })}`}>
            Show every contact
          </TextLink>
        </p>
      ) : null}
      <Card>
        {rows.length === 0 ? (
          filtered || filters.cursor ? (
            <EmptyState title="Nothing matches">
              No entry matches these filters. Widen the dates or{" "}
              <TextLink href="/settings/actions/journal">clear the filters</TextLink>.
            </EmptyState>
          ) : (
            <EmptyState title="Nothing in the journal yet">
              When the agent creates a task, updates a contact or sends an email, it is written
              here.
            </EmptyState>
          )
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="journal">
            {rows.map((row) => (
              <li key={row.id} className="px-5 py-3" data-testid="journal-row">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium text-zinc-900">
                    {ACTION_LABELS[row.action] ?? row.action}
                  </span>
                  <Badge tone={STATUS_TONES[row.status]}>{STATUS_LABELS[row.status]}</Badge>
                  {row.dryRun ? <Badge tone="brand">Dry-run</Badge> : null}
                  <span className="text-xs text-zinc-500">
                    {SOURCE_LABELS[row.source]} · {formatDateTimeIn(row.createdAt, timezone)}
                    {row.durationMs !== null ? ` · ${row.durationMs} ms` : ""}
                  </span>
                </div>
                <p className="mt-1 text-sm text-zinc-700">{row.result}</p>
                {row.contactId ? (
                  <p className="mt-1 flex flex-wrap gap-x-3 text-xs">
                    <TextLink href={`/contacts/${row.contactId}`} prefetch={false}>
                      {row.contactName || "Open the contact"}
                    </TextLink>
                    {filters.contact !== row.contactId ? (
                      <TextLink
                        href={`/settings/actions/journal?${query({ contact: row.contactId, cursor: "" })}`}
                        weight="normal"
                      >
                        Only this contact
                      </TextLink>
                    ) : null}
                  </p>
                ) : null}
                <details className="mt-1 text-xs text-zinc-600">
                  <summary className="cursor-pointer">Input and effect</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-zinc-50 p-2">
                    {JSON.stringify(
                      { input: row.input, effect: row.effect, error: row.error },
                      null,
                      2,
                    )}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link
            href={`/settings/actions/journal?${query({ cursor: nextCursor })}`}
            className={buttonClasses("secondary")}
          >
            Older entries
          </Link>
        </div>
      ) : null}
    </>
  );
}
