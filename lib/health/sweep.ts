import "server-only";
import { sql } from "drizzle-orm";
import { withSystem } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { enqueue } from "@/lib/jobs/enqueue";
import { checkCredentialsJob } from "./check-credentials-job";
import { evaluateHealthJob } from "./evaluate-job";
import { CREDENTIAL_CHECK_EVERY_MINUTES } from "./thresholds";

/** Queues the minute's evaluations and the credential checks that are due (status-page orgs). */
export async function sweepHealth(): Promise<{
  evaluations: number;
  checks: number;
  skipped: number;
}> {
  const candidates = await withSystem("health.sweep: orgs with channels", async (tx) => {
    // Orgs with a channel (their credentials are checked too) or a public status page.
    const rows = (await tx.execute(sql`
      select o.org_id as "orgId",
             coalesce(bool_or(c.id is not null and (k.checked_at is null
                     or k.checked_at < now() - make_interval(mins => ${CREDENTIAL_CHECK_EVERY_MINUTES}))), false) as "checkDue"
        from (select org_id from channel_connections
              union select org_id from health_settings where status_page_enabled) o
        left join channel_connections c on c.org_id = o.org_id
        left join credential_checks k on k.org_id = c.org_id and k.provider = c.provider
       group by o.org_id`)) as unknown as { orgId: string; checkDue: boolean }[];
    return rows;
  });
  // Orgs whose status-page flag is off are left out: nothing is queued for them (their jobs would
  // be skipped anyway, lib/flags/job-gate.ts). Evaluated outside the transaction above, one org at
  // a time so a large sweep never takes more than one connection for it.
  const rows: typeof candidates = [];
  for (const row of candidates) {
    if (await isFeatureEnabled(row.orgId, FLAGS.statusPage.key)) rows.push(row);
  }
  return withSystem("health.sweep: queue evaluations", async (tx) => {
    let checks = 0;
    for (const { orgId, checkDue } of rows) {
      // One pending evaluation per org: a slow minute does not pile them up.
      await enqueue(tx, evaluateHealthJob, { orgId }, { singletonKey: orgId });
      if (checkDue) {
        await enqueue(tx, checkCredentialsJob, { orgId }, { singletonKey: orgId });
        checks += 1;
      }
    }
    // The counters (lib/health/counters.ts) are read over 15 minutes; two days is plenty to look back.
    await tx.execute(
      sql`delete from webhook_signature_refusals where minute < now() - interval '2 days'`,
    );
    await tx.execute(
      sql`delete from assistant_request_stats where minute < now() - interval '2 days'`,
    );
    return { evaluations: rows.length, checks, skipped: candidates.length - rows.length };
  });
}
