import "server-only";
import type { Transaction } from "@/db";
import { withSystem } from "@/lib/db/scopes";
import type { StaffMember } from "./actor";
import { recordPlatformAudit } from "./audit";

/**
 * The one path for staff reads across orgs. It rides on withSystem (RLS lets luneo_system see
 * every org) and, in the same transaction, records who read, what and why in platform_audit_log,
 * so a read that happened always has its entry. `what` names the read (a stable identifier such
 * as "orgs.overview"), `reason` the question it answers. Writes into an org do not go here: they
 * go through that org's own verbs and audit log (lib/staff/provisioning.ts).
 */
export async function withStaff<T>(
  staff: StaffMember,
  read: { what: string; reason: string; metadata?: Record<string, unknown> },
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return withSystem(`staff read: ${read.what}`, async (tx) => {
    await recordPlatformAudit(tx, staff, {
      action: "staff.read",
      targetType: "read",
      targetId: read.what,
      reason: read.reason,
      metadata: read.metadata,
    });
    return work(tx);
  });
}
