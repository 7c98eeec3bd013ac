import type { Metadata } from "next";
import Link from "next/link";
import { OpenIncidentForm } from "@/components/health/incident-forms";
import { ComponentStatusBadge, IncidentStatusBadge } from "@/components/health/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { COMPONENT_NAMES } from "@/lib/health/compute";
import { listIncidents } from "@/lib/health/incidents/queries";

export const metadata: Metadata = { title: "Incidents" };

export default async function IncidentsPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string; status?: string }>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.statusPage.key);
  if (!hasPermission(ctx, "health.read")) {
    return <NotAllowed title="Incidents" reason="You cannot see this organisation's incidents" />;
  }
  const { cursor, status: raw } = await searchParams;
  const status = raw === "open" || raw === "resolved" ? raw : undefined;
  const { incidents, nextCursor, timezone } = await listIncidents(ctx, { cursor, status });
  return (
    <>
      <TextLink href="/health" className="text-sm">
        ← Health
      </TextLink>
      <div className="mt-2">
        <PageHeader
          title="Incidents"
          description="Opened by Luneo when a component stays in trouble, or by an admin; each with its timeline."
        />
      </div>
      <nav aria-label="Filter incidents" className="mb-4 flex gap-2 text-sm">
        {[
          { label: "All", value: undefined },
          { label: "Open", value: "open" },
          { label: "Resolved", value: "resolved" },
        ].map((f) => (
          <Link
            key={f.label}
            href={f.value ? `/health/incidents?status=${f.value}` : "/health/incidents"}
            aria-current={status === f.value ? "page" : undefined}
            className={buttonClasses(status === f.value ? "primary" : "secondary")}
          >
            {f.label}
          </Link>
        ))}
      </nav>
      <Card className="mb-6">
        {incidents.length === 0 ? (
          <EmptyState title={status === "open" ? "No open incident" : "No incidents yet"}>
            When a component stays out of operational past its threshold, an incident opens here by
            itself.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {incidents.map((i) => (
              <li key={i.id} className="px-5 py-4" data-testid="incident-row">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <TextLink href={`/health/incidents/${i.id}`}>{i.title}</TextLink>
                  <span className="flex gap-2">
                    <ComponentStatusBadge status={i.impact} />
                    <IncidentStatusBadge status={i.status} />
                  </span>
                </div>
                <p className="mt-1 text-xs text-zinc-500">
                  {i.component ? `${COMPONENT_NAMES[i.component]} · ` : ""}
                  {i.origin === "automatic" ? "Opened by Luneo" : "Opened by hand"} ·{" "}
                  {formatDateTimeIn(i.startedAt, timezone)}
                  {i.resolvedAt ? ` → ${formatDateTimeIn(i.resolvedAt, timezone)}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {nextCursor ? (
        <div className="mb-6 flex justify-end">
          <Link
            href={`/health/incidents?cursor=${nextCursor}${status ? `&status=${status}` : ""}`}
            className={buttonClasses("secondary")}
          >
            Older incidents
          </Link>
        </div>
      ) : null}
      {hasPermission(ctx, "health.write") ? (
        <Card>
          <CardHeader
            title="Open an incident"
            description="For trouble Luneo cannot measure (a number ported, an office closed). Owners and admins are emailed."
          />
          <div className="px-5 py-4">
            <OpenIncidentForm />
          </div>
        </Card>
      ) : null}
    </>
  );
}
