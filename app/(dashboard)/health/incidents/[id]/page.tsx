import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { IncidentUpdateForm, PostmortemForm } from "@/components/health/incident-forms";
import { ComponentStatusBadge, IncidentStatusBadge } from "@/components/health/status-badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { COMPONENT_NAMES } from "@/lib/health/compute";
import { getIncident } from "@/lib/health/incidents/queries";
import { INCIDENT_STATUS_NAMES, RUNBOOKS } from "@/lib/health/words";
import { z } from "zod";

export const metadata: Metadata = { title: "Incident" };

async function runbookText(file: string): Promise<string | null> {
  try {
    return await readFile(path.join(process.cwd(), file), "utf8");
  } catch {
    return null;
  }
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.statusPage.key);
  if (!hasPermission(ctx, "health.read")) {
    return <NotAllowed title="Incident" reason="You cannot see this organisation's incidents" />;
  }
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const incident = await getIncident(ctx, id);
  if (!incident) notFound();
  const canWrite = hasPermission(ctx, "health.write");
  const runbook = incident.component ? RUNBOOKS[incident.component] : null;
  const runbookBody = runbook ? await runbookText(runbook) : null;
  return (
    <>
      <TextLink href="/health/incidents" className="text-sm">
        ← Incidents
      </TextLink>
      <div className="mt-2">
        <PageHeader
          title={incident.title}
          description={
            <>
              {incident.component ? `${COMPONENT_NAMES[incident.component]} · ` : ""}
              {incident.origin === "automatic" ? "Opened by Luneo" : "Opened by hand"} on{" "}
              {formatDateTimeIn(incident.startedAt, incident.timezone)}
              {incident.resolvedAt
                ? `, resolved ${formatDateTimeIn(incident.resolvedAt, incident.timezone)}`
                : ""}
            </>
          }
        />
      </div>
      <div className="mb-6 flex flex-wrap gap-2">
        <IncidentStatusBadge status={incident.status} />
        <ComponentStatusBadge status={incident.impact} />
      </div>

      <Card className="mb-6">
        <CardHeader title="Timeline" description="Newest first." />
        <ol className="divide-y divide-zinc-100" data-testid="incident-timeline">
          {incident.updates.map((u) => (
            <li key={u.id} className="px-5 py-4">
              <p className="text-sm font-semibold text-zinc-900">
                {INCIDENT_STATUS_NAMES[u.status]}
                <span className="ml-2 font-normal text-zinc-500">
                  {formatDateTimeIn(u.createdAt, incident.timezone)} · {u.author ?? "Luneo"}
                </span>
              </p>
              <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-700">{u.body}</p>
            </li>
          ))}
        </ol>
      </Card>

      {runbook ? (
        <Card className="mb-6">
          <CardHeader
            title="Runbook"
            description={`What it means, what to check, how to fix it (${runbook}).`}
          />
          <details className="px-5 py-4">
            <summary className="cursor-pointer text-sm font-medium text-brand-700">
              Read the runbook
            </summary>
            <pre className="mt-3 text-sm whitespace-pre-wrap text-zinc-700" data-testid="runbook">
              {runbookBody ?? `The runbook is in ${runbook} in Luneo's repository.`}
            </pre>
          </details>
        </Card>
      ) : null}

      {canWrite && !incident.resolvedAt ? (
        <Card className="mb-6">
          <CardHeader
            title="Post an update"
            description="A change of status emails owners and admins."
          />
          <div className="px-5 py-4">
            <IncidentUpdateForm
              key={incident.status}
              incidentId={incident.id}
              current={incident.status}
            />
          </div>
        </Card>
      ) : null}

      <Card>
        <CardHeader title="Postmortem" />
        <div className="px-5 py-4">
          {canWrite ? (
            <PostmortemForm incidentId={incident.id} postmortem={incident.postmortem} />
          ) : incident.postmortem ? (
            <p className="text-sm whitespace-pre-wrap text-zinc-700">{incident.postmortem}</p>
          ) : (
            <p className="text-sm text-zinc-500">No postmortem written yet.</p>
          )}
        </div>
      </Card>
    </>
  );
}
