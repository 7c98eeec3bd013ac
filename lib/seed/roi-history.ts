import postgres from "postgres";
import { eq, sql as dsql } from "drizzle-orm";
import { memberships, users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { backfillRollups } from "@/lib/roi/service";

// History for the overview (lib/roi) of the seeded tenants, kept apart from the generators it
// follows so each stays small.

/**
 * The demo's sixty scenario callers (large-tenant.ts) all called within the last 37 hours, on top
 * of months of steady history (call-history.ts): two days of four times the usual calls, which
 * the forecast reads as a surge. This moves each caller's conversations — with their messages,
 * timeline and last interaction — back by a whole number of days (0 to `days` − 1, by the
 * contact), keeping the time of day, so they spread over the last weeks like real callers.
 * Run right after the scenarios are generated, before anything is derived from them.
 */
export async function spreadRecentScenarioCalls(url: string, orgId: string, days = 21) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`set local role luneo_system`;
      await tx`
        create temporary table moved on commit drop as
        select c.id, c.contact_id,
               make_interval(days => abs(hashtext(coalesce(c.contact_id, c.id)::text)) % ${days}) as back
          from conversations c
         where c.org_id = ${orgId} and c.started_at > now() - interval '3 days'`;
      await tx`
        update conversations c
           set started_at = c.started_at - m.back, ended_at = c.ended_at - m.back,
               last_message_at = c.last_message_at - m.back
          from moved m where c.org_id = ${orgId} and c.id = m.id`;
      await tx`
        update messages x set sent_at = x.sent_at - m.back
          from moved m where x.org_id = ${orgId} and x.conversation_id = m.id`;
      await tx`
        update timeline_events t set occurred_at = t.occurred_at - m.back
          from moved m where t.org_id = ${orgId} and t.conversation_id = m.id`;
      await tx`
        update contacts k
           set last_interaction_at = k.last_interaction_at - m.back,
               created_at = least(k.created_at, k.last_interaction_at - m.back - interval '25 hours')
          from (select distinct contact_id, back from moved where contact_id is not null) m
         where k.org_id = ${orgId} and k.id = m.contact_id and k.last_interaction_at is not null`;
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The large tenant's year of rollups (seed:large): its conversations already span the past year
 * (large-tenant.ts), so its history is the backfill `npm run roi:backfill` would compute — a
 * year's range of the overview then reads about 366 rows. Idempotent: a day recomputed gives the
 * same row. Returns the days written, or null when the owner has no org here.
 */
export async function seedRoiHistory(ownerEmail: string): Promise<number | null> {
  const [owner] = await withSystem("seed:large finds the tenant for its ROI history", (tx) =>
    tx
      .select({ orgId: memberships.orgId })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .where(dsql`lower(${users.email}) = ${ownerEmail.toLowerCase()}`),
  );
  if (!owner) return null;
  return backfillRollups(owner.orgId);
}
