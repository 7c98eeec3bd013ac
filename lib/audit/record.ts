import "server-only";
import type { Transaction } from "@/db";
import { auditLog } from "@/db/schema";
import { actorId, type ActingContext } from "@/lib/context";
import { orgFor } from "@/lib/db/scopes";

export type AuditInput = {
  action: string;
  targetType?: string;
  targetId?: string;
  /** Identifiers and changed field names only: never PII values or secrets. */
  metadata?: Record<string, unknown>;
};

/**
 * Written in the same transaction as the change it describes, so neither exists without the other
 * (a tenant transaction of the context's org, or a system one: sign-up, staff provisioning).
 */
export async function recordAudit(tx: Transaction, ctx: ActingContext, entry: AuditInput) {
  await tx.insert(auditLog).values({
    orgId: orgFor(tx, ctx),
    actorType: ctx.actor.type,
    actorId: actorId(ctx.actor),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    metadata: entry.metadata ?? {},
  });
}
