import "server-only";
import { eq } from "drizzle-orm";
import { analyticsOptOuts } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { requirePermission } from "@/lib/auth/permissions";
import { actorId, type TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import type { AnalyticsPreferenceInput } from "./schemas";

export type AnalyticsPreference = {
  share: boolean;
  /** When the org opted out; null while it shares. */
  optedOutAt: Date | null;
};

export async function getAnalyticsPreference(ctx: TenantContext): Promise<AnalyticsPreference> {
  const [row] = await withTenant(ctx, (tx) =>
    tx.select().from(analyticsOptOuts).where(eq(analyticsOptOuts.orgId, tx.orgId)),
  );
  return { share: !row, optedOutAt: row?.optedOutAt ?? null };
}

/** Opting out takes effect for the next event: nothing is sent for the org while the row exists. */
export async function setAnalyticsPreference(
  ctx: TenantContext,
  input: AnalyticsPreferenceInput,
): Promise<{ changed: boolean }> {
  requirePermission(ctx, "settings.write");
  const share = input.share === "yes";
  return withTenant(ctx, async (tx) => {
    const changed = share
      ? await tx
          .delete(analyticsOptOuts)
          .where(eq(analyticsOptOuts.orgId, tx.orgId))
          .returning({ orgId: analyticsOptOuts.orgId })
      : await tx
          .insert(analyticsOptOuts)
          .values({
            orgId: tx.orgId,
            optedOutBy: ctx.actor.type === "user" ? actorId(ctx.actor) : null,
          })
          .onConflictDoNothing()
          .returning({ orgId: analyticsOptOuts.orgId });
    if (changed.length === 0) return { changed: false };
    await recordAudit(tx, ctx, {
      action: share ? "analytics.opted_in" : "analytics.opted_out",
      targetType: "org",
      targetId: tx.orgId,
    });
    return { changed: true };
  });
}
