import "server-only";
import { sql } from "drizzle-orm";
import { withSystem } from "@/lib/db/scopes";
import { enqueue } from "@/lib/jobs/enqueue";
import { checkCredentialsJob } from "./check-credentials-job";
import { evaluateHealthJob } from "./evaluate-job";
import { CREDENTIAL_CHECK_EVERY_MINUTES } from "./thresholds";

/** Queues the minute's evaluations and the credential checks that are due. */
export async function sweepHealth(): Promise<{ evaluations: number; checks: number }> {
  return withSystem("health.sweep: orgs with channels", async (tx) => {
    const rows = (await tx.execute(sql`
      select c.org_id as "orgId",
             bool_or(k.checked_at is null
                     or k.checked_at < now() - make_interval(mins => ${CREDENTIAL_CHECK_EVERY_MINUTES})) as "checkDue"
        from channel_connections c
        left join credential_checks k on k.org_id = c.org_id and k.provider = c.provider
       group by c.org_id`)) as unknown as { orgId: string; checkDue: boolean }[];
    let checks = 0;
    for (const { orgId, checkDue } of rows) {
      // One pending evaluation per org: a slow minute does not pile them up.
      await enqueue(tx, evaluateHealthJob, { orgId }, { singletonKey: orgId });
      if (checkDue) {
        await enqueue(tx, checkCredentialsJob, { orgId }, { singletonKey: orgId });
        checks += 1;
      }
    }
    return { evaluations: rows.length, checks };
  });
}
