import "server-only";
import { sql } from "drizzle-orm";
import type { TenantTx } from "@/lib/db/scopes";

/**
 * Adoption of learning suggestions, the seed KPI, counted as the weekly learning report counts it
 * (docs/adr/0014): of the answers approved in the period whose gap had a suggested answer at that
 * moment, the share that kept it (at most 10 % of its words changed), stored on the gap when it
 * was approved. By the local day of the approval.
 */
export type LearningAdoption = {
  /** Answers approved in the period with a suggestion to keep or not. */
  offered: number;
  /** Of those, the ones that kept it. */
  kept: number;
  rate: number | null;
};

export async function learningAdoption(
  tx: TenantTx,
  timezone: string,
  from: string,
  to: string,
): Promise<LearningAdoption> {
  const [row] = await tx.execute<{ offered: number; kept: number }>(sql`
    select count(*)::int as offered, (count(*) filter (where suggestion_kept))::int as kept
      from learning_gaps
     where org_id = ${tx.orgId} and status = 'approved' and suggestion_kept is not null
       and decided_at >= (${from}::date::timestamp at time zone ${timezone})
       and decided_at < ((${to}::date + 1)::timestamp at time zone ${timezone})`);
  const { offered = 0, kept = 0 } = (row ?? {}) as { offered?: number; kept?: number };
  return { offered, kept, rate: offered > 0 ? kept / offered : null };
}
