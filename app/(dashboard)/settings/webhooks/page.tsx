import type { Metadata } from "next";
import { TableHead } from "@/components/ui/table-head";
import { NotAllowed } from "@/components/ui/not-allowed";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { STATUS_LABELS, WebhookStatusBadge } from "@/components/webhooks/status-badge";
import { WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from "@/db/schema";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { countWebhookEvents, listWebhookEvents } from "@/lib/webhooks/log-queries";

export const metadata: Metadata = { title: "Webhook log" };

type Search = { provider?: string; status?: string; q?: string; cursor?: string };

const asProvider = (v?: string): "twilio" | "vapi" | undefined =>
  v === "twilio" || v === "vapi" ? v : undefined;
const asStatus = (v?: string) =>
  (WEBHOOK_EVENT_STATUSES as readonly string[]).includes(v ?? "")
    ? (v as WebhookEventStatus)
    : undefined;

export default async function WebhookLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "webhooks.read")) {
    return (
      <NotAllowed title="Webhook log" reason="Only owners and admins can read the webhook log" />
    );
  }
  const search = await searchParams;
  const filter = {
    provider: asProvider(search.provider),
    status: asStatus(search.status),
    search: search.q,
    cursor: search.cursor,
  };
  const [counts, { rows, nextCursor }] = await Promise.all([
    countWebhookEvents(ctx),
    listWebhookEvents(ctx, filter),
  ]);
  const query = (extra: Record<string, string | undefined>) =>
    `?${new URLSearchParams(Object.entries({ provider: filter.provider, status: filter.status, q: filter.search, ...extra }).filter((e): e is [string, string] => Boolean(e[1])))}`;

  return (
    <>
      <PageHeader
        title="Webhook log"
        description="Every event Twilio and VAPI sent, as received, and what Luneo did with it."
      />
      <ul
        className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-5"
        aria-label="Events in the last 24 hours"
      >
        {WEBHOOK_EVENT_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={`/settings/webhooks${query({ status, cursor: undefined })}`}
              className="block rounded-xl border border-zinc-200 bg-white p-4 hover:border-brand-500"
              data-testid={`count-${status}`}
            >
              <span className="block text-2xl font-semibold text-zinc-900">{counts[status]}</span>
              <span className="text-xs text-zinc-500">{STATUS_LABELS[status]} · 24 h</span>
            </Link>
          </li>
        ))}
      </ul>
      <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Provider</span>
          <select
            name="provider"
            defaultValue={filter.provider ?? ""}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2"
          >
            <option value="">All</option>
            <option value="twilio">Twilio</option>
            <option value="vapi">VAPI</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Status</span>
          <select
            name="status"
            defaultValue={filter.status ?? ""}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2"
          >
            <option value="">All</option>
            {WEBHOOK_EVENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-56 flex-1 text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Search</span>
          <input
            name="q"
            defaultValue={filter.search ?? ""}
            placeholder="Event type, call id, SID…"
            className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2"
          />
        </label>
        <button type="submit" className={buttonClasses("secondary")}>
          Filter
        </button>
      </form>
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No events match">
            Events appear here as soon as Twilio or VAPI calls your webhook URLs (Settings →
            Channels).
          </EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <TableHead
              caption="Webhook events, newest first"
              columns={["Received", "Provider", "Event", "Status"]}
            />
            <tbody className="divide-y divide-zinc-100">
              {rows.map((row) => (
                <tr key={row.id} data-testid="webhook-row">
                  <td className="px-5 py-3 whitespace-nowrap text-zinc-500">
                    <Link href={`/settings/webhooks/${row.id}`} className="hover:underline">
                      {formatDateTime(row.receivedAt)}
                    </Link>
                  </td>
                  <td className="px-5 py-3 text-zinc-700">
                    {row.provider === "vapi" ? "VAPI" : "Twilio"}
                  </td>
                  <td className="px-5 py-3">
                    <Link
                      href={`/settings/webhooks/${row.id}`}
                      className="font-medium text-zinc-900 hover:underline"
                    >
                      {row.kind}
                    </Link>
                    {row.isTest ? (
                      <span className="ml-2" data-testid="webhook-test-label">
                        <Badge tone="brand">test</Badge>
                      </span>
                    ) : null}
                    <span className="block max-w-xs truncate font-mono text-xs text-zinc-500">
                      {row.eventKey}
                    </span>
                  </td>
                  <td className="px-5 py-3">
                    <WebhookStatusBadge status={row.status} />
                    {row.rejectReason || row.lastError ? (
                      <span className="mt-1 block max-w-xs truncate text-xs text-zinc-500">
                        {row.rejectReason ?? row.lastError}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link
            href={`/settings/webhooks${query({ cursor: nextCursor })}`}
            className={buttonClasses("secondary")}
          >
            Older events
          </Link>
        </div>
      ) : null}
    </>
  );
}
