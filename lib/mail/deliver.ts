import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { accountMessages, outboxMessages, type MailStatus } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import type { MailJob } from "./send-job";
import { describeSmtpError, mailFrom, smtpTransport } from "./transport";

export type DeliveryOutcome = "sent" | "no_smtp" | "already_sent" | "missing";

/** The attempt failed; pg-boss retries the job. The message says why without any address. */
export class MailDeliveryError extends Error {
  override name = "MailDeliveryError";
}

type Row = { toAddress: string; subject: string; body: string; status: MailStatus };

function table(job: MailJob) {
  return job.scope === "org" ? outboxMessages : accountMessages;
}

function whereJob(job: MailJob) {
  return job.scope === "org"
    ? and(eq(outboxMessages.orgId, job.orgId), eq(outboxMessages.id, job.messageId))
    : eq(accountMessages.id, job.messageId);
}

async function lockMessage(tx: Transaction, job: MailJob): Promise<Row | undefined> {
  const t = table(job);
  const [row] = await tx
    .select({ toAddress: t.toAddress, subject: t.subject, body: t.body, status: t.status })
    .from(t)
    .where(whereJob(job))
    .for("update");
  return row;
}

async function mark(
  tx: Transaction,
  job: MailJob,
  values: { status: MailStatus; lastError?: string | null; sentAt?: Date; attempted: boolean },
) {
  const t = table(job);
  await tx
    .update(t)
    .set({
      status: values.status,
      ...(values.lastError !== undefined ? { lastError: values.lastError } : {}),
      ...(values.sentAt ? { sentAt: values.sentAt } : {}),
      ...(values.attempted ? { attempts: sql`${t.attempts} + 1` } : {}),
    })
    .where(whereJob(job));
}

/**
 * One attempt at sending one outbox message. The row stays locked while the SMTP server is
 * spoken to, so two workers never send it twice; its Message-ID is derived from the row, so a
 * resend after a crash between "sent" and the commit is recognisable as the same message.
 * Without an SMTP server the message is marked `no_smtp` and kept.
 */
export async function deliverMail(
  job: MailJob,
  { smtpUrl, finalAttempt }: { smtpUrl: string | undefined; finalAttempt: boolean },
): Promise<DeliveryOutcome> {
  const failure = await withSystem("mail.send job delivers one outbox message", async (tx) => {
    const row = await lockMessage(tx, job);
    if (!row) return { outcome: "missing" as const };
    if (row.status === "sent") return { outcome: "already_sent" as const };
    if (!smtpUrl) {
      await mark(tx, job, { status: "no_smtp", lastError: null, attempted: false });
      return { outcome: "no_smtp" as const };
    }
    try {
      await smtpTransport(smtpUrl).sendMail({
        from: mailFrom(),
        to: row.toAddress,
        subject: row.subject,
        text: row.body,
        messageId: `<${job.messageId}@luneo.mail>`,
        // Nothing in a message is for robots to answer (vacation replies, bounces to a person).
        headers: { "Auto-Submitted": "auto-generated" },
      });
      await mark(tx, job, { status: "sent", lastError: null, sentAt: new Date(), attempted: true });
      return { outcome: "sent" as const };
    } catch (error) {
      const reason = describeSmtpError(error);
      await mark(tx, job, {
        status: finalAttempt ? "failed" : "queued",
        lastError: reason,
        attempted: true,
      });
      return { outcome: "failed" as const, reason };
    }
  });
  if (failure.outcome === "failed") {
    throw new MailDeliveryError(`SMTP delivery failed: ${failure.reason}`);
  }
  return failure.outcome;
}
