import { z } from "zod";
import { whenFlagOn } from "@/lib/flags/job-gate";
import { FLAGS } from "@/lib/flags/registry";
import { defineJob } from "@/lib/jobs/define";
import { log } from "@/lib/log";

/**
 * learning.report-mail: one org's weekly report, mailed to its owners and admins. Enqueued by the
 * weekly fan-out (weekly.ts) after the weekly pass, for the week that just ended on the org's
 * clock; converges when it runs twice (one mailing per org and week: report-mail.ts).
 */
export const learningReportMailJob = defineJob({
  name: "learning.report-mail",
  payload: z.object({ orgId: z.uuid(), week: z.string().regex(/^\d{4}-W\d{2}$/) }),
  retry: { limit: 3, delaySeconds: 120, backoff: true },
  expireInSeconds: 300,
  pollingIntervalSeconds: 5,
  // While the learning flag is off for the org nothing is mailed (the page is hidden too).
  handler: whenFlagOn(
    FLAGS.learning.key,
    (job) => job.orgId,
    async (job, run) => {
      const { mailWeeklyReport } = await import("./report-mail");
      const outcome = await mailWeeklyReport(job.orgId, job.week);
      log.info({ jobId: run.id, orgId: job.orgId, week: job.week, outcome }, "learning report");
      return { outcome };
    },
  ),
});
