import "server-only";
import type { Transaction } from "@/db";
import { platformAuditLog } from "@/db/schema";
import { platformActorId, type PlatformActor } from "./actor";

export type PlatformAuditInput = {
  action: string;
  targetType?: string;
  targetId?: string;
  /** For reads across orgs: the question the read answered (withStaff's reason). */
  reason?: string;
  /** Identifiers only: never PII values or secrets. */
  metadata?: Record<string, unknown>;
};

/**
 * The platform's own audit entry, in the caller's system transaction (platform_audit_log is
 * written by luneo_system only). Returns its id, so an org's own entry can point to it.
 */
export async function recordPlatformAudit(
  tx: Transaction,
  actor: PlatformActor,
  entry: PlatformAuditInput,
): Promise<string> {
  const [row] = await tx
    .insert(platformAuditLog)
    .values({
      actorType: actor.type,
      actorId: platformActorId(actor),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason,
      metadata: entry.metadata ?? {},
    })
    .returning({ id: platformAuditLog.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}
