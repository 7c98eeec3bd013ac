import "server-only";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { enqueue } from "@/lib/jobs/enqueue";
import { learningReclusterJob } from "./recluster-job";
import { learningReportMailJob } from "./report-mail-job";
import { reportWeek } from "./report-week";
import { orgsDueForWeeklyPass } from "./recluster";

const REPORT_AFTER_PASS_SECONDS = 15 * 60;

/**
 * Enqueues the weekly pass of every org whose Monday 03:00 is now and whose learning flag is on,
 * and the report of the week that just ended, mailed a quarter of an hour later (after the pass);
 * returns how many orgs.
 */
export async function enqueueWeeklyPasses(now: Date): Promise<number> {
  const due = await orgsDueForWeeklyPass(now);
  const hour = now.toISOString().slice(0, 13);
  let enqueued = 0;
  for (const orgId of due) {
    if (!(await isFeatureEnabled(orgId, FLAGS.learning.key))) continue;
    enqueued += 1;
    await withTenant(systemContext("learning.weekly", { id: orgId }), async (tx) => {
      await enqueue(
        tx,
        learningReclusterJob,
        { orgId },
        { singletonKey: `weekly:${orgId}:${hour}` },
      );
      const week = (await reportWeek(tx, undefined, now))?.previous;
      if (!week) return;
      await enqueue(
        tx,
        learningReportMailJob,
        { orgId, week },
        { singletonKey: `report:${orgId}:${week}`, startAfter: REPORT_AFTER_PASS_SECONDS },
      );
    });
  }
  return enqueued;
}
