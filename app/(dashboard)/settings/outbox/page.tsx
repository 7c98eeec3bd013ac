import type { Metadata } from "next";
import Link from "next/link";
import { MailStatusBadge } from "@/components/mail/status-badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TableHead } from "@/components/ui/table-head";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listOutbox } from "@/lib/mail/queries";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string }>;
}) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "outbox.read")) {
    return <NotAllowed title="Outbox" reason="Only owners and admins can read the outbox" />;
  }
  const { cursor } = await searchParams;
  const { rows, nextCursor, timezone } = await listOutbox(ctx, { cursor });
  const smtpConfigured = Boolean(env().SMTP_URL);
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every email Luneo sent for your business, or is still trying to send."
      />
      {!smtpConfigured ? (
        <p
          className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="no-smtp-notice"
        >
          No SMTP server is configured (SMTP_URL), so emails wait here instead of being sent. Copy
          invitation links from the Team page meanwhile; once SMTP_URL is set, use “Send again”.
        </p>
      ) : null}
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No emails yet">Invitations you send appear here.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <TableHead
                caption={`Emails of ${ctx.org.name}, newest first`}
                columns={["When", "To", "Subject", "Status"]}
              />
              <tbody className="divide-y divide-zinc-100">
                {rows.map((row) => (
                  <tr key={row.id} data-testid="outbox-row">
                    <td className="px-5 py-3 whitespace-nowrap text-zinc-500">
                      {formatDateTimeIn(row.createdAt, timezone)}
                    </td>
                    <td className="px-5 py-3 break-all text-zinc-900">{row.toAddress}</td>
                    <td className="px-5 py-3">
                      <TextLink href={`/settings/outbox/${row.id}`} prefetch={false}>
                        {row.subject}
                      </TextLink>
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap">
                      <MailStatusBadge status={row.status} attempts={row.attempts} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {cursor ? (
          <Link href="/settings/outbox" className={buttonClasses("secondary")}>
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link
            href={`/settings/outbox?cursor=${nextCursor}`}
            className={buttonClasses("secondary")}
          >
            Older emails
          </Link>
        ) : null}
      </div>
    </>
  );
}
