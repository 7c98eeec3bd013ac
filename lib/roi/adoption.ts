import "server-only";
import { sql } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";

/**
 * Adoption of learning suggestions (docs/adr/0017): the share of the learning gaps decided in the
 * period — approved with an answer, or dismissed — that were approved. Gaps that expired without
 * a decision are left out: nobody was asked. Counted by the local day of the decision.
 */
export type LearningAdoption = { decided: number; approved: number; rate: number | null };

export async function learningAdoption(
  tx: TenantTx,
  timezone: string,
  from: string,
  to: string,
): Promise<LearningAdoption> {
  const [row] = await tx.execute<{ decided: number; approved: number }>(sql`
    select count(*)::int as decided, (count(*) filter (where status = 'approved'))::int as approved
      from learning_gaps
     where org_id = ${tx.orgId} and status in ('approved', 'dismissed')
       and decided_at >= (${from}::date::timestamp at time zone ${timezone})
       and decided_at < ((${to}::date + 1)::timestamp at time zone ${timezone})`);
  const { decided = 0, approved = 0 } = (row ?? {}) as { decided?: number; approved?: number };
  return { decided, approved, rate: decided > 0 ? approved / decided : null };
}
