import "server-only";
import { randomUUID } from "node:crypto";
import type { Transaction } from "@/db";
import type { ActingContext } from "@/lib/context";
import { orgFor } from "@/lib/db/scopes";
import { accountMessages, outboxMessages } from "@/db/schema";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseOutgoingMail, type OutgoingMail } from "./message";
import { mailJob } from "./send-job";

// Queuing a message is one row and one job, written in the caller's transaction: the invitation
// and its email (or the reset link and its email) commit together or not at all, and a committed
// message always has a job that will send it, retry it, or mark why it was not sent.

/**
 * An org's message (invitations; later reports and alerts), in a tenant transaction of the
 * context's org (or staff provisioning's system transaction).
 */
export async function queueOrgMail(
  tx: Transaction,
  ctx: Pick<ActingContext, "org">,
  mail: OutgoingMail,
): Promise<{ messageId: string }> {
  const orgId = orgFor(tx, ctx);
  const { kind, to, subject, body } = parseOutgoingMail(mail);
  const messageId = randomUUID();
  await tx
    .insert(outboxMessages)
    .values({ orgId, id: messageId, kind, toAddress: to, subject, body });
  await enqueue(tx, mailJob, { scope: "org", orgId, messageId });
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
  await enqueue(tx, mailJob, { scope: "account", messageId });
  return { messageId };
}
