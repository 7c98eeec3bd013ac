import type { Metadata } from "next";
import { ComponentStatusBadge, IncidentStatusBadge } from "@/components/health/status-badge";
import { HealthSettingsForm } from "@/components/health/settings-form";
import { UptimeBars } from "@/components/health/uptime-bars";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn, timeAgo } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { COMPONENT_NAMES, STATUS_NAMES, worstOf } from "@/lib/health/compute";
import { getHealthOverview, getHealthSettings, recentAlertDeliveries } from "@/lib/health/queries";
import { appLink } from "@/lib/mail/links";
import { CREDENTIAL_OUTCOME_NAMES, INCIDENT_STATUS_NAMES } from "@/lib/health/words";

export const metadata: Metadata = { title: "Health" };

export default async function HealthPage() {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.statusPage.key);
  if (!hasPermission(ctx, "health.read")) {
    return <NotAllowed title="Health" reason="You cannot see this organisation's health" />;
  }
  const { components, checks, open, uptime, timezone } = await getHealthOverview(ctx);
  const canWrite = hasPermission(ctx, "health.write");
  const settings = canWrite ? await getHealthSettings(ctx) : null;
  const deliveries = settings?.alertWebhookUrl ? await recentAlertDeliveries(ctx) : [];
  const shown = components.filter((c) => c.applicable);
  const overall = worstOf(shown.map((c) => c.status));
  return (
    <>
      <PageHeader
        title="Health"
        description="Whether your phone line, texts and agent work right now, measured from what Luneo receives."
      />
      <div
        className={
          overall === "operational"
            ? "mb-6 rounded-xl bg-green-50 px-5 py-4 text-green-900"
            : "mb-6 rounded-xl bg-amber-50 px-5 py-4 text-amber-950"
        }
        data-testid="health-summary"
      >
        <p className="font-semibold">
          {overall === "operational"
            ? "Everything is working."
            : `Something is wrong: ${STATUS_NAMES[overall].toLowerCase()}.`}
        </p>
        <p className="mt-0.5 text-sm">
          {open.length === 0
            ? "No open incident."
            : `${open.length} open incident${open.length === 1 ? "" : "s"}: `}
          {open.map((i, n) => (
            <span key={i.id}>
              {n > 0 ? ", " : null}
              <TextLink href={`/health/incidents/${i.id}`} weight="normal">
                {i.title}
              </TextLink>
            </span>
          ))}
        </p>
      </div>

      <Card className="mb-6">
        <CardHeader
          title="Components"
          description="Measured from the last 15 minutes of activity, every minute."
          action={
            <TextLink href="/health/incidents" className="text-sm whitespace-nowrap">
              All incidents
            </TextLink>
          }
        />
        {shown.length < components.length ? (
          <p className="border-b border-zinc-100 bg-zinc-50 px-5 py-3 text-sm text-zinc-600">
            Some components are measured once their channel is connected on the{" "}
            <TextLink href="/settings/channels" weight="normal">
              Channels page
            </TextLink>
            .
          </p>
        ) : null}
        {components.length === 0 ? (
          <EmptyState title="Nothing to measure yet" />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {components.map((c) => (
              <li key={c.component} className="px-5 py-4" data-testid={`component-${c.component}`}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="text-sm font-semibold text-zinc-900">
                    {COMPONENT_NAMES[c.component]}
                  </h3>
                  {c.applicable ? (
                    <ComponentStatusBadge status={c.status} />
                  ) : (
                    <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600">
                      Not connected
                    </span>
                  )}
                </div>
                <p className="mt-1 text-sm text-zinc-600">{c.reason}</p>
                {c.applicable ? (
                  <>
                    <p className="mt-0.5 text-xs text-zinc-500">
                      {c.since ? `Since ${timeAgo(c.since)}` : "Just measured"}
                    </p>
                    <div className="mt-3">
                      <UptimeBars
                        uptime={uptime.find((u) => u.component === c.component)!}
                        label={COMPONENT_NAMES[c.component]}
                      />
                    </div>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="mb-6">
        <CardHeader
          title="Credential checks"
          description="Luneo asks Twilio and VAPI every hour, and whenever a channel is saved."
        />
        {checks.length === 0 ? (
          <EmptyState title="Not checked yet">
            The first check runs when a channel is connected.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {checks.map((c) => (
              <li
                key={c.provider}
                className="px-5 py-4 text-sm"
                data-testid={`check-${c.provider}`}
              >
                <p className="font-medium text-zinc-900">
                  {c.provider === "twilio" ? "Twilio" : "VAPI"}:{" "}
                  {CREDENTIAL_OUTCOME_NAMES[c.outcome]}
                </p>
                <p className="mt-0.5 text-zinc-600">{c.detail}</p>
                <p className="mt-0.5 text-xs text-zinc-500">
                  {/* "Not checked" has no check to date: say when Luneo last looked instead. */}
                  {c.outcome === "not_configured" ? "Last looked at" : "Checked"}{" "}
                  {formatDateTimeIn(c.checkedAt, timezone)}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {open.length > 0 ? (
        <Card className="mb-6">
          <CardHeader title="Open incidents" />
          <ul className="divide-y divide-zinc-100">
            {open.map((i) => (
              <li
                key={i.id}
                className="flex flex-wrap items-center justify-between gap-2 px-5 py-3"
              >
                <TextLink href={`/health/incidents/${i.id}`}>{i.title}</TextLink>
                <IncidentStatusBadge status={i.status} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      {settings ? (
        <Card>
          <CardHeader
            title="Status page and alerts"
            description="Owners and admins get an email at each incident change; add a webhook for your own tools."
          />
          <div className="px-5 py-4">
            <HealthSettingsForm {...settings} statusPageUrl={appLink(`/status/${ctx.org.slug}`)} />
          </div>
          {settings.alertWebhookUrl ? (
            <div className="border-t border-zinc-100 px-5 py-4">
              <h3 className="text-sm font-semibold text-zinc-900">Last alert deliveries</h3>
              {deliveries.length === 0 ? (
                <p className="mt-1 text-sm text-zinc-500">
                  None yet: the next incident change is posted to your webhook.
                </p>
              ) : (
                <ul className="mt-2 space-y-2 text-sm" data-testid="alert-deliveries">
                  {deliveries.map((d) => (
                    <li key={d.id} className="flex flex-wrap justify-between gap-x-4 gap-y-0.5">
                      <span className="min-w-0 text-zinc-700">
                        {d.title} · {INCIDENT_STATUS_NAMES[d.update]}
                      </span>
                      <span
                        className={
                          d.status === "delivered"
                            ? "text-green-700"
                            : d.status === "failed"
                              ? "text-red-700"
                              : "text-amber-800"
                        }
                      >
                        {d.status === "delivered"
                          ? "Delivered"
                          : d.status === "failed"
                            ? `Failed after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}${d.lastError ? ` (${d.lastError})` : ""}`
                            : d.attempts === 0
                              ? "Sending"
                              : `Retrying${d.lastError ? ` (${d.lastError})` : ""}`}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : null}
        </Card>
      ) : null}
    </>
  );
}
