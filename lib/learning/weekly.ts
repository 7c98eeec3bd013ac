import "server-only";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { enqueue } from "@/lib/jobs/enqueue";
import { learningReclusterJob } from "./recluster-job";
import { orgsDueForWeeklyPass } from "./recluster";

/** Enqueues the weekly pass of every org whose Monday 03:00 is now; returns how many. */
export async function enqueueWeeklyPasses(now: Date): Promise<number> {
  const due = await orgsDueForWeeklyPass(now);
  const hour = now.toISOString().slice(0, 13);
  for (const orgId of due) {
    await withTenant(systemContext("learning.weekly", { id: orgId }), (tx) =>
      enqueue(tx, learningReclusterJob, { orgId }, { singletonKey: `weekly:${orgId}:${hour}` }),
    );
  }
  return due.length;
}
