import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { outboxMessages } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { mailJob } from "./send-job";

/**
 * "Send again" for a message that was held (no SMTP configured then) or failed after its last
 * attempt: it goes back to `queued` with a new job. A sent message is never sent twice from here.
 */
export async function resendOutboxMessage(ctx: TenantContext, messageId: string): Promise<void> {
  requirePermission(ctx, "outbox.resend");
  await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({ status: outboxMessages.status })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.orgId, ctx.org.id), eq(outboxMessages.id, messageId)))
      .for("update");
    if (!row) throw new NotFoundError("This message");
    if (row.status !== "no_smtp" && row.status !== "failed") {
      throw new ConflictError(
        row.status === "sent"
          ? "This message was already sent."
          : "This message is already waiting to be sent.",
      );
    }
    await tx
      .update(outboxMessages)
      .set({ status: "queued", lastError: null })
      .where(
        and(
          eq(outboxMessages.orgId, ctx.org.id),
          eq(outboxMessages.id, messageId),
          inArray(outboxMessages.status, ["no_smtp", "failed"]),
        ),
      );
    await enqueue(tx, mailJob, { scope: "org", orgId: ctx.org.id, messageId });
    await recordAudit(tx, ctx, {
      action: "outbox.message_resent",
      targetType: "outbox_message",
      targetId: messageId,
    });
  });
}
