import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ResendMailButton } from "@/components/mail/resend-button";
import { MailStatusBadge } from "@/components/mail/status-badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { readOutboxMessage } from "@/lib/mail/queries";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Email" };

// Opening this page is the audited read of one email (its body and its recipient's address).
export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "outbox.read")) {
    return <NotAllowed title="Outbox" reason="Only owners and admins can read the outbox" />;
  }
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const message = await readOutboxMessage(ctx, id.data).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const canResend =
    hasPermission(ctx, "outbox.resend") &&
    (message.status === "no_smtp" || message.status === "failed");
  const facts: [string, React.ReactNode][] = [
    ["To", message.toAddress],
    ["Status", <MailStatusBadge key="s" status={message.status} attempts={message.attempts} />],
    ["Queued", formatDateTimeIn(message.createdAt, message.timezone)],
    ["Sent", message.sentAt ? formatDateTimeIn(message.sentAt, message.timezone) : "—"],
    ["Attempts", message.attempts],
    ["Last error", message.lastError ?? "—"],
  ];
  return (
    <>
      <TextLink href="/settings/outbox" className="mb-3 inline-block text-sm">
        ← Outbox
      </TextLink>
      <PageHeader title={message.subject} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Details"
            action={canResend ? <ResendMailButton messageId={message.id} /> : null}
          />
          <dl className="grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[10rem_1fr]">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-zinc-500">{label}</dt>
                <dd className="break-all text-zinc-900">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card>
          <CardHeader title="Message" description="One-time links are hidden here." />
          <pre className="p-5 text-sm whitespace-pre-wrap text-zinc-800" data-testid="outbox-body">
            {message.body}
          </pre>
        </Card>
      </div>
    </>
  );
}
