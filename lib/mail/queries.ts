import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { orgs, outboxMessages, type MailStatus } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { decodeCursor, keysetPage, olderThan } from "@/lib/pagination";

// Settings → Outbox: the org's mail, newest first. The list shows who and what; a body is read
// one message at a time and that read is audited (it is a teammate's email, with their address).

export type OutboxRow = {
  id: string;
  kind: string;
  toAddress: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

const ROW = {
  id: outboxMessages.id,
  kind: outboxMessages.kind,
  toAddress: outboxMessages.toAddress,
  subject: outboxMessages.subject,
  status: outboxMessages.status,
  attempts: outboxMessages.attempts,
  lastError: outboxMessages.lastError,
  createdAt: outboxMessages.createdAt,
  sentAt: outboxMessages.sentAt,
};

export async function listOutbox(
  ctx: TenantContext,
  opts: { cursor?: string | null; limit?: number } = {},
): Promise<{ rows: OutboxRow[]; nextCursor: string | null; timezone: string }> {
  requirePermission(ctx, "outbox.read");
  const limit = opts.limit ?? 50;
  const after = decodeCursor(opts.cursor);
  return withTenant(ctx, async (tx) => {
    const [org] = await tx
      .select({ timezone: orgs.timezone })
      .from(orgs)
      .where(eq(orgs.id, ctx.org.id));
    const rows = await tx
      .select(ROW)
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.orgId, ctx.org.id),
          olderThan(outboxMessages.createdAt, outboxMessages.id, after),
        ),
      )
      .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
      .limit(limit + 1);
    const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
    return {
      rows: page,
      nextCursor,
      timezone: org?.timezone ?? "UTC",
    };
  });
}

// One-time links (invitations today) stay secret even from the org's admins: the inviter saw the
// link once; reading the outbox must not hand out a second copy.
const ONE_TIME_LINK = /\b(inv|pwr|evf)_[A-Za-z0-9_-]{20,}/g;

export function hideOneTimeLinks(body: string): string {
  return body.replace(ONE_TIME_LINK, "$1_… (one-time link hidden)");
}

/** One message with its body (one-time links hidden), recording the read in the audit log. */
export async function readOutboxMessage(
  ctx: TenantContext,
  messageId: string,
): Promise<OutboxRow & { body: string; timezone: string }> {
  requirePermission(ctx, "outbox.read");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ ...ROW, body: outboxMessages.body, timezone: orgs.timezone })
      .from(outboxMessages)
      .innerJoin(orgs, eq(orgs.id, outboxMessages.orgId))
      .where(and(eq(outboxMessages.orgId, ctx.org.id), eq(outboxMessages.id, messageId)));
    if (!row) throw new NotFoundError("This message");
    await recordAudit(tx, ctx, {
      action: "outbox.message_viewed",
      targetType: "outbox_message",
      targetId: messageId,
      metadata: { kind: row.kind },
    });
    return { ...row, body: hideOneTimeLinks(row.body) };
  });
}
