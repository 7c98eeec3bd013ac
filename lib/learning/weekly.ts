import "server-only";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { enqueue } from "@/lib/jobs/enqueue";
import { learningReclusterJob } from "./recluster-job";
import { orgsDueForWeeklyPass } from "./recluster";

/**
 * Enqueues the weekly pass of every org whose Monday 03:00 is now and whose learning flag is on;
 * returns how many.
 */
export async function enqueueWeeklyPasses(now: Date): Promise<number> {
  const due = await orgsDueForWeeklyPass(now);
  const hour = now.toISOString().slice(0, 13);
  let enqueued = 0;
  for (const orgId of due) {
    if (!(await isFeatureEnabled(orgId, FLAGS.learning.key))) continue;
    enqueued += 1;
    await withTenant(systemContext("learning.weekly", { id: orgId }), (tx) =>
      enqueue(tx, learningReclusterJob, { orgId }, { singletonKey: `weekly:${orgId}:${hour}` }),
    );
  }
  return enqueued;
}
