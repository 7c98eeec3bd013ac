import type { Metadata } from "next";
import { QueueTable } from "@/components/health/queue-table";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { STATUS_NAMES } from "@/lib/health/compute";
import { platformHealthForStaff } from "@/lib/staff/health";
import { requireStaffOr404 } from "@/lib/staff/session";

export const metadata: Metadata = { title: "Platform health" };

const usd = (n: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(n);

const SURFACE_NAMES = {
  api: "Public API (/api/v1)",
  webhooks: "Webhooks (Twilio, VAPI)",
  app: "Dashboard routes",
} as const;

const p95Words = (ms: number | null) =>
  ms === null ? "–" : Number.isFinite(ms) ? `≤ ${ms} ms` : "over 10 s";

export default async function StaffHealthPage() {
  const staff = await requireStaffOr404();
  const h = await platformHealthForStaff(staff);
  const total = Object.values(h.events).reduce((s, n) => s + n, 0);
  const failed = (h.events.failed ?? 0) + (h.events.dead_lettered ?? 0);
  const tiles = [
    { label: "Webhook events, last hour", value: String(total) },
    {
      label: "Failed or dead-lettered",
      value: total === 0 ? "0" : `${failed} (${((failed / total) * 100).toFixed(1)} %)`,
    },
    {
      label: "Oldest event waiting",
      value: h.oldestWaitingSeconds === null ? "none" : `${Math.round(h.oldestWaitingSeconds)} s`,
    },
    { label: "Open incidents", value: String(h.openIncidents) },
    { label: "Credential checks failing", value: String(h.credentialFailures) },
  ];
  return (
    <>
      <PageHeader
        title="Platform health"
        description="Across every org. Opening this page is recorded in the platform audit log; Prometheus reads the same figures at /api/metrics."
      />
      <div className="mb-6 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {tiles.map((t) => (
          <Card key={t.label} className="px-4 py-3">
            <p className="text-xs text-zinc-500">{t.label}</p>
            <p className="mt-1 text-xl font-semibold text-zinc-900" data-testid="platform-tile">
              {t.value}
            </p>
          </Card>
        ))}
      </div>
      <Card className="mb-6">
        <CardHeader
          title="Requests, last hour"
          description="Every process's route handlers: the public API, the webhooks and the dashboard's own routes. The p95 is the upper bound of the latency bucket it falls in."
        />
        {h.requests.length === 0 ? (
          <EmptyState title="No requests in the last hour" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <TableHead
                caption="Requests by surface"
                columns={["Surface", "Requests", "5xx rate", "p95"]}
              />
              <tbody className="divide-y divide-zinc-100">
                {h.requests.map((r) => (
                  <tr key={r.surface} data-testid="request-figures">
                    <td className="px-5 py-3 font-medium text-zinc-900">
                      {SURFACE_NAMES[r.surface]}
                    </td>
                    <td className="px-5 py-3 text-zinc-600">{r.requests}</td>
                    <td className="px-5 py-3 text-zinc-900">
                      {((r.serverErrors / r.requests) * 100).toFixed(2)} % ({r.serverErrors})
                    </td>
                    <td className="px-5 py-3 text-zinc-900">{p95Words(r.p95Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <QueueTable queues={h.queues} />
      <Card className="mb-6">
        <CardHeader
          title="Orgs by health"
          description="The worst component of each org at its last evaluation."
        />
        <ul className="grid grid-cols-2 gap-2 px-5 py-4 text-sm sm:grid-cols-4">
          {Object.entries(h.orgsByStatus).map(([status, n]) => (
            <li key={status}>
              <span className="text-zinc-500">
                {STATUS_NAMES[status as keyof typeof STATUS_NAMES]}
              </span>
              <span className="ml-2 font-semibold text-zinc-900">{n}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader
          title="LLM cost per 100 conversations"
          description="Last 30 days, from VAPI's cost breakdown."
        />
        {h.llmCost.length === 0 ? (
          <EmptyState title="No conversations in the last 30 days" />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <TableHead caption="LLM cost by org" columns={["Org", "Conversations", "Per 100"]} />
              <tbody className="divide-y divide-zinc-100">
                {h.llmCost.map((r) => (
                  <tr key={r.orgId}>
                    <td className="px-5 py-3 font-medium text-zinc-900">{r.orgName}</td>
                    <td className="px-5 py-3 text-zinc-600">{r.conversations}</td>
                    <td className="px-5 py-3 text-zinc-900">{usd(r.per100)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
