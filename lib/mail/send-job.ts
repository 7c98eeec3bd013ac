import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/** mail.send: send one outbox message, an org's (tenant outbox) or one about an account. */
export const mailJob = defineJob({
  name: "mail.send",
  payload: z.discriminatedUnion("scope", [
    z.object({ scope: z.literal("org"), orgId: z.uuid(), messageId: z.uuid() }),
    z.object({ scope: z.literal("account"), messageId: z.uuid() }),
  ]),
  // SMTP servers go away for minutes (greylisting, maintenance): 1 try + 8 retries backing off
  // from 30 s reaches about two hours before the message is marked failed in the outbox.
  retry: { limit: 8, delaySeconds: 30, backoff: true },
  expireInSeconds: 120,
  pollingIntervalSeconds: 1,
  async handler(job, run) {
    // Loaded when a job runs: this declaration is read by the migrate step (lib/jobs/define.ts).
    const { deliverMail } = await import("./deliver");
    // Ids and outcomes only: an address or a body never reaches the log.
    const about = { jobId: run.id, messageId: job.messageId, scope: job.scope };
    try {
      const outcome = await deliverMail(job, {
        smtpUrl: env().SMTP_URL,
        finalAttempt: run.finalAttempt,
      });
      log.info({ ...about, outcome }, "outbox message handled");
      return { outcome };
    } catch (error) {
      log.warn(
        {
          ...about,
          attempt: run.attempt,
          finalAttempt: run.finalAttempt,
          reason: (error as Error).message,
        },
        "outbox message not sent",
      );
      throw error; // pg-boss retries with the queue's backoff
    }
  },
});

export type MailJob = z.infer<typeof mailJob.payload>;
