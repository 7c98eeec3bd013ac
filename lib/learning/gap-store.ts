import "server-only";
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { learningGaps, learningSignals, type LearningLanguage } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { canonicalOf, JOIN_THRESHOLD, nearestCluster } from "./cluster";
import { impactSql } from "./rank";
import { centroid, lexical, type Similarity, type Vector } from "./similarity";

// The gap rows the signals job and the weekly pass share: the org's learning lock, the gaps a new
// question may join, and the counts, canonical question and impact recomputed from the signals.

/** Outcomes whose question the agent did not answer: they make gaps. */
export const UNANSWERED = ["deflected", "negative"] as const;

/** One writer of an org's gaps at a time (signals jobs and the weekly pass). */
export async function lockOrgLearning(tx: TenantTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('learning:' || ${tx.orgId}))`);
}

/** Member questions read per gap to place a new question (the most recent). */
const MEMBERS_READ = 40;

export type Candidate = { id: string; status: "open" | "approved"; centroid: Vector };

/** The open and approved gaps of `language`, each with the centroid of its questions. */
export async function candidateGaps(
  tx: TenantTx,
  language: LearningLanguage,
  similarity: Similarity = lexical,
): Promise<Candidate[]> {
  const { orgId } = tx;
  const gaps = await tx
    .select({
      id: learningGaps.id,
      status: learningGaps.status,
      canonical: learningGaps.canonicalQuestion,
    })
    .from(learningGaps)
    .where(
      and(
        eq(learningGaps.orgId, orgId),
        eq(learningGaps.language, language),
        inArray(learningGaps.status, ["open", "approved"]),
      ),
    )
    .orderBy(asc(learningGaps.id));
  if (gaps.length === 0) return [];
  const members = await tx.execute<{ gap_id: string; question: string }>(sql`
    select gap_id, question from (
      select gap_id, question,
             row_number() over (partition by gap_id order by occurred_at desc, id) as n
        from learning_signals
       where org_id = ${orgId} and gap_id in (${sql.join(
         gaps.map((g) => sql`${g.id}::uuid`),
         sql`, `,
       )})
    ) ranked where n <= ${MEMBERS_READ}`);
  const byGap = new Map<string, string[]>();
  for (const m of members) byGap.set(m.gap_id, [...(byGap.get(m.gap_id) ?? []), m.question]);
  return gaps.map((g) => ({
    id: g.id,
    status: g.status as "open" | "approved",
    centroid: centroid(
      [g.canonical, ...(byGap.get(g.id) ?? [])].map((q) => similarity.vectorize(q, language)),
    ),
  }));
}

/**
 * Where a new unanswered question goes: the nearest open or approved gap of its language when
 * similar enough (approved: "asked again, still failed"), else a new open gap, created here and
 * added to `candidates` so the next question of the same run can join it.
 */
export async function placeQuestion(
  tx: TenantTx,
  candidates: Candidate[],
  question: { text: string; language: LearningLanguage; at: Date },
  similarity: Similarity = lexical,
): Promise<{ gapId: string; askedAgain: boolean }> {
  const v = similarity.vectorize(question.text, question.language);
  const at = nearestCluster(
    v,
    candidates.map((c) => c.centroid),
    JOIN_THRESHOLD,
  );
  if (at !== -1) {
    const gap = candidates[at]!;
    return { gapId: gap.id, askedAgain: gap.status === "approved" };
  }
  const [created] = await tx
    .insert(learningGaps)
    .values({
      orgId: tx.orgId,
      language: question.language,
      canonicalQuestion: question.text,
      firstSeenAt: question.at,
      lastSeenAt: question.at,
    })
    .returning({ id: learningGaps.id });
  candidates.push({ id: created!.id, status: "open", centroid: v });
  return { gapId: created!.id, askedAgain: false };
}

/**
 * Recomputes the counts, first and last seen, impact and (for open gaps) the canonical question
 * of `gapIds` from their signals; an open gap left without signals is deleted.
 */
export async function refreshGaps(
  tx: TenantTx,
  gapIds: Iterable<string>,
  now: Date,
  similarity: Similarity = lexical,
): Promise<void> {
  const { orgId } = tx;
  const ids = [...new Set(gapIds)].sort();
  if (ids.length === 0) return;
  await tx
    .delete(learningGaps)
    .where(
      and(
        eq(learningGaps.orgId, orgId),
        inArray(learningGaps.id, ids),
        eq(learningGaps.status, "open"),
        sql`not exists (select 1 from learning_signals s where s.org_id = learning_gaps.org_id and s.gap_id = learning_gaps.id)`,
      ),
    );
  await tx.execute(sql`
    update learning_gaps g
       set signal_count = s.n,
           caller_count = s.callers,
           first_seen_at = s.first_seen,
           last_seen_at = s.last_seen,
           impact = ${impactSql(sql`s.n`, sql`s.callers`, sql`s.last_seen`, now)},
           updated_at = now()
      from (select gap_id, count(*)::int as n,
                   count(distinct coalesce(contact_id, conversation_id, id))::int as callers,
                   min(occurred_at) as first_seen, max(occurred_at) as last_seen
              from learning_signals
             where org_id = ${orgId} and gap_id in (${sql.join(
               ids.map((id) => sql`${id}::uuid`),
               sql`, `,
             )})
             group by gap_id) s
     where g.org_id = ${orgId} and g.id = s.gap_id`);
  const open = await tx
    .select({ id: learningGaps.id, language: learningGaps.language })
    .from(learningGaps)
    .where(
      and(
        eq(learningGaps.orgId, orgId),
        inArray(learningGaps.id, ids),
        eq(learningGaps.status, "open"),
      ),
    );
  for (const gap of open) {
    const members = await tx
      .select({ id: learningSignals.id, question: learningSignals.question })
      .from(learningSignals)
      .where(and(eq(learningSignals.orgId, orgId), eq(learningSignals.gapId, gap.id)))
      .orderBy(desc(learningSignals.occurredAt), asc(learningSignals.id))
      .limit(200);
    if (members.length === 0) continue;
    const items = members.map((m) => ({ ...m, language: gap.language }));
    const best = canonicalOf(
      items,
      items.map((i) => similarity.vectorize(i.question, i.language)),
    );
    await tx
      .update(learningGaps)
      .set({ canonicalQuestion: items[best]!.question })
      .where(and(eq(learningGaps.orgId, orgId), eq(learningGaps.id, gap.id)));
  }
}

/**
 * Signals whose gap is open or none: what the weekly pass clusters again. Signals an admin placed
 * (merged or moved out: `pinned`) stay where the admin put them.
 */
export const reclusterable = (orgId: string) =>
  and(
    eq(learningSignals.orgId, orgId),
    eq(learningSignals.pinned, false),
    inArray(learningSignals.outcome, [...UNANSWERED]),
    sql`${learningSignals.question} <> ''`,
    or(
      isNull(learningSignals.gapId),
      sql`exists (select 1 from learning_gaps g where g.org_id = learning_signals.org_id and g.id = learning_signals.gap_id and g.status = 'open')`,
    ),
  );
