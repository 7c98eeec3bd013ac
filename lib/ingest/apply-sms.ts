import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { conversations, messages } from "@/db/schema";
import { toE164 } from "@/lib/contacts/phone";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueueResolvedConversation } from "@/lib/memory/jobs";
import { smsThreadIdleMinutes } from "@/lib/memory/triggers";
import { enqueueRoiRefresh } from "@/lib/roi/enqueue";
import type { SmsFacts } from "@/lib/webhooks/facts";
import { touchContact } from "./batch-writes";
import { emitDomainEvent, putTimelineEvent } from "./records";

/** After this much silence, the next SMS opens a new thread. */
export const SMS_THREAD_IDLE_HOURS = 24;

type Scope = {
  tx: TenantTx;
  country: CountryCode;
  receivedAt: Date;
  /** From Luneo's test event: a contact it creates is test-only. */
  test?: boolean;
};

/** An incoming SMS: contact, thread (reused within 24 h), message, timeline entry, domain events. */
export async function applyIncomingSms(scope: Scope, sms: SmsFacts) {
  const { tx } = scope;
  const { orgId } = tx;
  const at = sms.at ?? scope.receivedAt;
  const phone = toE164(sms.from, scope.country);
  const contactId = phone ? await touchContact(tx, phone, at, "sms", scope.test) : null;
  // One thread per contact at a time: serialise messages of the same sender.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`${orgId}:sms:${phone ?? sms.from}`}, 0))`,
  );

  const threshold = new Date(at.getTime() - SMS_THREAD_IDLE_HOURS * 3_600_000);
  const [open] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.orgId, orgId),
        eq(conversations.channel, "sms"),
        contactId ? eq(conversations.contactId, contactId) : isNull(conversations.contactId),
        contactId ? undefined : eq(conversations.fromNumber, sms.from),
        gt(conversations.lastMessageAt, threshold),
      ),
    )
    .orderBy(desc(conversations.lastMessageAt))
    .limit(1);
  const conversationId =
    open?.id ??
    (
      await tx
        .insert(conversations)
        .values({
          orgId,
          contactId,
          channel: "sms",
          direction: "inbound",
          status: "open",
          fromNumber: sms.from,
          toNumber: sms.to,
          startedAt: at,
          lastMessageAt: at,
        })
        .returning({ id: conversations.id })
    )[0]!.id;

  const [inserted] = await tx
    .insert(messages)
    .values({
      orgId,
      conversationId,
      role: "user",
      content: sms.body ?? "",
      sentAt: at,
      seq: sql`(select coalesce(max(seq), 0) + 1 from messages where org_id = ${orgId} and conversation_id = ${conversationId})`,
      dedupeKey: `sms:${sms.messageSid}`,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  if (!inserted) return; // a redelivery of a message already in the thread

  await tx
    .update(conversations)
    .set({
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(conversations.orgId, orgId), eq(conversations.id, conversationId)));
  await putTimelineEvent(tx, {
    contactId,
    conversationId,
    kind: "sms.received",
    occurredAt: at,
    data: { body: sms.body ?? "", from: sms.from, to: sms.to },
    dedupeKey: `sms:${sms.messageSid}`,
  });
  if (!open) {
    await emitDomainEvent(tx, {
      type: "conversation.started",
      dedupeKey: `conversation.started:${conversationId}`,
      occurredAt: at,
      payload: { conversationId, contactId, channel: "sms" },
    });
  }
  await emitDomainEvent(tx, {
    type: "message.received",
    dedupeKey: `message.received:${inserted.id}`,
    occurredAt: at,
    payload: { conversationId, contactId, messageId: inserted.id, channel: "sms" },
  });
  // Read once the thread has been quiet this long (learning signals for every thread, memory for a
  // thread with a contact); the jobs check it really was (a later message enqueued its own).
  await enqueueResolvedConversation(
    tx,
    { id: conversationId, contactId },
    {
      startAfterSeconds: smsThreadIdleMinutes() * 60,
      singletonKey: `conversation:${conversationId}:message:${inserted.id}`,
    },
  );
  await enqueueRoiRefresh(tx); // the overview's figures catch up within a minute (lib/roi)
}
