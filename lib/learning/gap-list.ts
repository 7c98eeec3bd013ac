import "server-only";
import { and, asc, count, desc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import { learningGaps, learningSignals, type GapStatus } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { decodeGapCursor, encodeGapCursor, type GapCursor } from "./gap-cursor";
import type { GapFilter, GapView } from "./schemas";

// The review list (/learning and GET /api/v1/learning/gaps): filtered, ranked by impact, then the
// last time asked, then id, and paged by keyset on those three so a page never repeats or skips a
// gap while others are decided. Impact is stored (recomputed when a gap's signals change), so the
// order is stable between two page loads.

export const PAGE_SIZE = 25;

export type GapRow = {
  id: string;
  language: "en" | "fr";
  status: GapStatus;
  canonicalQuestion: string;
  signalCount: number;
  callerCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  impact: number;
  answer: string | null;
  version: number;
  snoozedUntil: Date | null;
  /** Times asked in the last 7 days and the 7 before (the trend). */
  lastWeek: number;
  weekBefore: number;
};

export type GapPage = { rows: GapRow[]; nextCursor: string | null };

/** The condition of a view: "open" leaves out the gaps snoozed into the future, "snoozed" is them. */
export function viewCondition(view: GapView, now: Date): SQL {
  const snoozed = sql`${learningGaps.snoozedUntil} > ${now.toISOString()}::timestamptz`;
  if (view === "snoozed") return and(eq(learningGaps.status, "open"), snoozed)!;
  if (view === "open")
    return and(eq(learningGaps.status, "open"), sql`not coalesce(${snoozed}, false)`)!;
  return eq(learningGaps.status, view);
}

function filterConditions(tx: TenantTx, filter: GapFilter, now: Date): (SQL | undefined)[] {
  return [
    eq(learningGaps.orgId, tx.orgId),
    viewCondition(filter.status, now),
    filter.language ? eq(learningGaps.language, filter.language) : undefined,
    filter.channel
      ? sql`exists (select 1 from learning_signals s where s.org_id = ${learningGaps.orgId}
          and s.gap_id = ${learningGaps.id} and s.channel = ${filter.channel})`
      : undefined,
    filter.from
      ? sql`${learningGaps.lastSeenAt} >= ${`${filter.from}T00:00:00Z`}::timestamptz`
      : undefined,
    filter.to
      ? sql`${learningGaps.lastSeenAt} < ${`${filter.to}T00:00:00Z`}::timestamptz + interval '1 day'`
      : undefined,
  ];
}

/** The rows after `c` in (impact desc, last seen desc, id asc). */
function after(c: GapCursor | null): SQL | undefined {
  if (!c) return undefined;
  const impact = sql`${c.impact}::real`;
  const at = sql`${c.at.toISOString()}::timestamptz`;
  return or(
    sql`${learningGaps.impact} < ${impact}`,
    and(sql`${learningGaps.impact} = ${impact}`, sql`${learningGaps.lastSeenAt} < ${at}`),
    and(
      sql`${learningGaps.impact} = ${impact}`,
      sql`${learningGaps.lastSeenAt} = ${at}`,
      gt(learningGaps.id, c.id),
    ),
  );
}

export async function listGapPage(
  ctx: TenantContext,
  filter: GapFilter,
  { cursor = null, limit = PAGE_SIZE }: { cursor?: string | null; limit?: number } = {},
  now = new Date(),
): Promise<GapPage> {
  requirePermission(ctx, "learning.read");
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const twoWeeksAgo = new Date(now.getTime() - 14 * 86_400_000);
  return withTenant(ctx, async (tx) => {
    const fetched = await tx
      .select({
        id: learningGaps.id,
        language: learningGaps.language,
        status: learningGaps.status,
        canonicalQuestion: learningGaps.canonicalQuestion,
        signalCount: learningGaps.signalCount,
        callerCount: learningGaps.callerCount,
        firstSeenAt: learningGaps.firstSeenAt,
        lastSeenAt: learningGaps.lastSeenAt,
        impact: learningGaps.impact,
        answer: learningGaps.answer,
        version: learningGaps.version,
        snoozedUntil: learningGaps.snoozedUntil,
      })
      .from(learningGaps)
      .where(and(...filterConditions(tx, filter, now), after(decodeGapCursor(cursor))))
      .orderBy(desc(learningGaps.impact), desc(learningGaps.lastSeenAt), asc(learningGaps.id))
      .limit(limit + 1);
    const gaps = fetched.slice(0, limit);
    const last = gaps.at(-1);
    const nextCursor =
      fetched.length > limit && last
        ? encodeGapCursor({ impact: last.impact, at: last.lastSeenAt, id: last.id })
        : null;
    if (gaps.length === 0) return { rows: [], nextCursor };
    const trend = await tx
      .select({
        gapId: learningSignals.gapId,
        lastWeek: sql<number>`count(*) filter (where ${learningSignals.occurredAt} > ${weekAgo.toISOString()}::timestamptz)::int`,
        weekBefore: sql<number>`count(*) filter (where ${learningSignals.occurredAt} <= ${weekAgo.toISOString()}::timestamptz)::int`,
      })
      .from(learningSignals)
      .where(
        and(
          eq(learningSignals.orgId, tx.orgId),
          inArray(
            learningSignals.gapId,
            gaps.map((g) => g.id),
          ),
          gt(learningSignals.occurredAt, twoWeeksAgo),
        ),
      )
      .groupBy(learningSignals.gapId);
    const byGap = new Map(trend.map((t) => [t.gapId, t]));
    const rows = gaps.map((g) => ({
      ...g,
      lastWeek: byGap.get(g.id)?.lastWeek ?? 0,
      weekBefore: byGap.get(g.id)?.weekBefore ?? 0,
    }));
    return { rows, nextCursor };
  });
}

/** The first page of a view (tests and callers that need no paging). */
export async function listGaps(
  ctx: TenantContext,
  filter: Pick<GapFilter, "status"> & Partial<GapFilter>,
  now = new Date(),
): Promise<GapRow[]> {
  return (await listGapPage(ctx, filter, { limit: 100 }, now)).rows;
}

/** Counts per view, for the tabs and the navigation. */
export async function countGaps(
  ctx: TenantContext,
  now = new Date(),
): Promise<Record<GapView, number>> {
  requirePermission(ctx, "learning.read");
  const snoozed = sql<boolean>`coalesce(${learningGaps.snoozedUntil} > ${now.toISOString()}::timestamptz, false)`;
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({ status: learningGaps.status, snoozed, n: count() })
      .from(learningGaps)
      .where(eq(learningGaps.orgId, tx.orgId))
      // By position: the snoozed expression repeated would be a second, different parameter.
      .groupBy(sql`1`, sql`2`),
  );
  const counts = { open: 0, snoozed: 0, approved: 0, dismissed: 0, expired: 0 };
  for (const r of rows) counts[r.status === "open" && r.snoozed ? "snoozed" : r.status] += r.n;
  return counts;
}
