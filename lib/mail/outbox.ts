import "server-only";
import { randomUUID } from "node:crypto";
import type { Transaction } from "@/db";
import { accountMessages, outboxMessages } from "@/db/schema";
import { getBoss, inDrizzleTransaction } from "@/lib/jobs/boss";
import { QUEUES, type MailJob } from "@/lib/jobs/queues";
import { parseOutgoingMail, type OutgoingMail } from "./message";

// Queuing a message is one row and one job, written in the caller's transaction: the invitation
// and its email (or the reset link and its email) commit together or not at all, and a committed
// message always has a job that will send it, retry it, or mark why it was not sent.

async function enqueue(tx: Transaction, job: MailJob): Promise<void> {
  const boss = await getBoss();
  await boss.send(QUEUES.mail.name, job, { db: inDrizzleTransaction(tx) });
}

/** An org's message (invitations; later reports and alerts), in a tenant transaction of that org. */
export async function queueOrgMail(
  tx: Transaction,
  orgId: string,
  mail: OutgoingMail,
): Promise<{ messageId: string }> {
  const { kind, to, subject, body } = parseOutgoingMail(mail);
  const messageId = randomUUID();
  await tx
    .insert(outboxMessages)
    .values({ orgId, id: messageId, kind, toAddress: to, subject, body });
  await enqueue(tx, { scope: "org", orgId, messageId });
  return { messageId };
}

/** A message about a person's account (reset, verification), in a system transaction. */
export async function queueAccountMail(
  tx: Transaction,
  userId: string | null,
  mail: OutgoingMail,
): Promise<{ messageId: string }> {
  const { kind, to, subject, body } = parseOutgoingMail(mail);
  const messageId = randomUUID();
  await tx
    .insert(accountMessages)
    .values({ id: messageId, userId, kind, toAddress: to, subject, body });
  await enqueue(tx, { scope: "account", messageId });
  return { messageId };
}
