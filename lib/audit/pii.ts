import "server-only";
import type { TenantTx } from "@/lib/db/scopes";
import type { TenantContext } from "@/lib/context";
import { recordAudit } from "./record";

/** Which part of a person's data was read. */
export type PiiPart = "profile" | "timeline" | "memory" | "merge-preview";

/**
 * Records that `ctx` read part of a contact's personal data, in the transaction of the read:
 * who, which contact, when, which part — never the data itself.
 */
export async function recordPiiRead(
  tx: TenantTx,
  ctx: TenantContext,
  contactId: string,
  part: PiiPart,
) {
  await recordAudit(tx, ctx, {
    action: "contact.viewed",
    targetType: "contact",
    targetId: contactId,
    metadata: part === "profile" ? {} : { part },
  });
}
