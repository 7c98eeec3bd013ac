import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge, Card, CardHeader, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { ReplayButton } from "@/components/webhooks/replay-button";
import { WebhookStatusBadge } from "@/components/webhooks/status-badge";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { getWebhookEvent } from "@/lib/webhooks/log-queries";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Webhook event" };

export default async function WebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireSessionContext();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const event = await getWebhookEvent(ctx, id.data).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const canReplay =
    hasPermission(ctx, "webhooks.replay") &&
    (event.status === "failed" || event.status === "dead_lettered");
  const facts: [string, React.ReactNode][] = [
    ["Provider", event.provider === "vapi" ? "VAPI" : "Twilio"],
    ["Event", event.kind],
    [
      "Event key",
      <code key="k" className="font-mono text-xs break-all">
        {event.eventKey}
      </code>,
    ],
    ["Received", formatDateTime(event.receivedAt)],
    ["Processed", event.processedAt ? formatDateTime(event.processedAt) : "—"],
    ["Attempts", event.attempts],
    ["Size", `${(event.sizeBytes / 1024).toFixed(1)} kB`],
  ];
  return (
    <>
      <TextLink href="/settings/webhooks" className="mb-3 inline-block text-sm">
        ← Webhook log
      </TextLink>
      <PageHeader
        title={event.kind}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <WebhookStatusBadge status={event.status} />
            {event.isTest ? <Badge tone="brand">test event sent by Luneo</Badge> : null}
          </span>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Details"
            action={canReplay ? <ReplayButton eventId={event.id} /> : null}
          />
          <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[10rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-zinc-500">{label}</dt>
                <dd className="text-zinc-900">{value}</dd>
              </div>
            ))}
            {event.rejectReason ? (
              <div className="contents">
                <dt className="text-zinc-500">Rejected because</dt>
                <dd className="text-amber-800">{event.rejectReason}</dd>
              </div>
            ) : null}
            {event.lastError ? (
              <div className="contents">
                <dt className="text-zinc-500">Last error</dt>
                <dd className="text-red-700">{event.lastError}</dd>
              </div>
            ) : null}
          </dl>
        </Card>
        <Card>
          <CardHeader
            title="Payload"
            description="As received; values of secret-looking fields are masked."
          />
          <pre
            className="max-h-[32rem] overflow-auto p-5 font-mono text-xs text-zinc-800"
            data-testid="webhook-payload"
          >
            {event.payload}
          </pre>
        </Card>
      </div>
    </>
  );
}
