import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { conversations, messages, telephonyCharges } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueueRoiRefresh } from "@/lib/roi/enqueue";
import type { TwilioPrice } from "@/lib/webhooks/facts";

// Twilio's price for a call or a message, when a status callback carries one. Stored by SID (a
// redelivery or a later, rated callback rewrites the same row) and joined to the conversation by
// the ROI rollup, so it counts whichever of the charge and the conversation arrived first.

async function putCharge(tx: TenantTx, sid: string, kind: "call" | "sms", price: TwilioPrice) {
  await tx
    .insert(telephonyCharges)
    .values({ orgId: tx.orgId, sid, kind, amount: price.amount, unit: price.unit })
    .onConflictDoUpdate({
      target: [telephonyCharges.orgId, telephonyCharges.sid],
      set: { amount: price.amount, unit: price.unit, reportedAt: sql`now()` },
    });
}

/** A call's charge (its status callback); the call's own row is updated by applyCallFacts. */
export async function applyCallCharge(tx: TenantTx, callSid: string, price: TwilioPrice) {
  await putCharge(tx, callSid, "call", price);
}

/**
 * A message's charge (its sms-status callback). The thread that holds the message is marked
 * changed, so the ROI refresh recomputes its day with the new cost.
 */
export async function applySmsCharge(tx: TenantTx, messageSid: string, price: TwilioPrice) {
  await putCharge(tx, messageSid, "sms", price);
  const thread = tx
    .select({ id: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.orgId, tx.orgId), eq(messages.dedupeKey, `sms:${messageSid}`)));
  await tx
    .update(conversations)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(conversations.orgId, tx.orgId), inArray(conversations.id, thread)));
  await enqueueRoiRefresh(tx);
}
