import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { webhookEvents } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError, NotFoundError } from "@/lib/errors";

/**
 * Sends a failed or dead-lettered event through processing again, with its retries anew: back in
 * the inbox's queue at once (docs/adr/0019), status and audit entry committed together.
 */
export async function replayWebhookEvent(ctx: TenantContext, eventId: string) {
  requirePermission(ctx, "webhooks.replay");
  await withTenant(ctx, async (tx) => {
    const [updated] = await tx
      .update(webhookEvents)
      .set({
        status: "received",
        lastError: null,
        attempts: 0,
        nextAttemptAt: null,
        claimedUntil: null,
      })
      .where(
        and(
          eq(webhookEvents.orgId, ctx.org.id),
          eq(webhookEvents.id, eventId),
          inArray(webhookEvents.status, ["failed", "dead_lettered"]),
        ),
      )
      .returning({ id: webhookEvents.id });
    if (!updated) {
      const [exists] = await tx
        .select({ status: webhookEvents.status })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.orgId, ctx.org.id), eq(webhookEvents.id, eventId)));
      if (!exists) throw new NotFoundError("This event");
      throw new AppError("CONFLICT", "Only failed or dead-lettered events can be replayed.");
    }
    await recordAudit(tx, ctx, {
      action: "webhook.replayed",
      targetType: "webhook_event",
      targetId: eventId,
    });
  });
}
