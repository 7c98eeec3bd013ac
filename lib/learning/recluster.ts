import "server-only";
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { learningGaps, learningSignals, orgs } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withSystem, withTenant, type TenantTx } from "@/lib/db/scopes";
import { log } from "@/lib/log";
import { clusterQuestions, JOIN_THRESHOLD, nearestCluster } from "./cluster";
import {
  defaultSimilarityProvider,
  offlineSimilarity,
  UnpreparedTextError,
  type SimilarityProvider,
  type TextToCompare,
} from "./embeddings";
import { candidateGaps, lockOrgLearning, reclusterable, refreshGaps } from "./gap-store";
import { EXPIRY_DAYS } from "./rank";
import { lexical, type Similarity } from "./similarity";

// The weekly pass over an org's open questions: each one already covered by an approved answer is
// attached to it ("asked again, still failed"); the rest are clustered again from scratch
// (cluster.ts: the result depends only on the set of questions) and written back onto the open
// gaps that held most of each cluster, new gaps for the others; open gaps left empty go, and open
// gaps nobody asked about for EXPIRY_DAYS expire. With an embeddings provider configured, the
// texts the pass compares are embedded first, outside the transaction (embeddings.ts).

export type ReclusterResult = { signals: number; gaps: number; expired: number };

export async function reclusterIn(
  tx: TenantTx,
  now: Date,
  similarity: Similarity = lexical,
): Promise<ReclusterResult> {
  const { orgId } = tx;
  await lockOrgLearning(tx);
  const expired = await tx
    .update(learningGaps)
    .set({ status: "expired", updatedAt: sql`now()`, version: sql`${learningGaps.version} + 1` })
    .where(
      and(
        eq(learningGaps.orgId, orgId),
        eq(learningGaps.status, "open"),
        lt(learningGaps.lastSeenAt, new Date(now.getTime() - EXPIRY_DAYS * 86_400_000)),
      ),
    )
    .returning({ id: learningGaps.id });

  const signals = await tx
    .select({
      id: learningSignals.id,
      question: learningSignals.question,
      language: learningSignals.language,
      gapId: learningSignals.gapId,
    })
    .from(learningSignals)
    .where(reclusterable(orgId))
    .orderBy(asc(learningSignals.id));
  const before = new Map(signals.map((s) => [s.id, s.gapId]));
  const touched = new Set(signals.flatMap((s) => (s.gapId ? [s.gapId] : [])));

  // Approved answers first.
  const approved = new Map<
    string,
    { id: string; centroid: ReturnType<typeof lexical.vectorize> }[]
  >();
  for (const language of ["en", "fr"] as const) {
    approved.set(
      language,
      (await candidateGaps(tx, language, similarity)).filter((c) => c.status === "approved"),
    );
  }
  const assignment = new Map<string, { gapId: string; askedAgain: boolean }>();
  const rest = [];
  for (const s of signals) {
    const list = approved.get(s.language)!;
    const at = nearestCluster(
      similarity.vectorize(s.question, s.language),
      list.map((a) => a.centroid),
      similarity.thresholds?.join ?? JOIN_THRESHOLD,
    );
    if (at !== -1) assignment.set(s.id, { gapId: list[at]!.id, askedAgain: true });
    else rest.push(s);
  }

  // Then the open questions, clustered again; each cluster keeps the open gap most of it was in.
  const clusters = clusterQuestions(rest, similarity);
  const claimed = new Set<string>();
  for (const cluster of clusters) {
    const votes = new Map<string, number>();
    for (const m of cluster.members) {
      const gap = before.get(m.id);
      if (gap && !claimed.has(gap)) votes.set(gap, (votes.get(gap) ?? 0) + 1);
    }
    let gapId = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    if (!gapId) {
      const firstSeen = new Date(0);
      const [created] = await tx
        .insert(learningGaps)
        .values({
          orgId,
          language: cluster.language,
          canonicalQuestion: cluster.canonical.question,
          firstSeenAt: firstSeen,
          lastSeenAt: firstSeen,
        })
        .returning({ id: learningGaps.id });
      gapId = created!.id;
    }
    claimed.add(gapId);
    touched.add(gapId);
    for (const m of cluster.members) assignment.set(m.id, { gapId, askedAgain: false });
  }

  const changed = signals.filter((s) => {
    const next = assignment.get(s.id)!;
    return next.gapId !== s.gapId || next.askedAgain;
  });
  for (const s of changed) {
    const next = assignment.get(s.id)!;
    touched.add(next.gapId);
    await tx
      .update(learningSignals)
      .set(next)
      .where(and(eq(learningSignals.orgId, orgId), eq(learningSignals.id, s.id)));
  }
  await refreshGaps(tx, touched, now, similarity);
  return { signals: signals.length, gaps: clusters.length, expired: expired.length };
}

/** Signals of a gap the pass reads beyond the open questions (gap-store reads at most 200). */
const GAP_TEXTS_READ = 200;

/** Every text the pass compares: open questions, and the questions and canonical of each gap. */
async function textsOfPass(tx: TenantTx): Promise<TextToCompare[]> {
  const { orgId } = tx;
  const rows = await tx.execute<{ text: string; language: "en" | "fr" }>(sql`
    select question as text, language from learning_signals
     where ${reclusterable(orgId)}
    union
    select canonical_question, language from learning_gaps
     where org_id = ${orgId} and status in ('open', 'approved')
    union
    select question, language from (
      select s.question, s.language,
             row_number() over (partition by s.gap_id order by s.occurred_at desc, s.id) as n
        from learning_signals s
        join learning_gaps g on g.org_id = s.org_id and g.id = s.gap_id
       where s.org_id = ${orgId} and g.status in ('open', 'approved')
    ) ranked where n <= ${GAP_TEXTS_READ}`);
  return rows.map((r) => ({ text: r.text, language: r.language }));
}

export async function reclusterOrg(
  orgId: string,
  now = new Date(),
  provider: SimilarityProvider = defaultSimilarityProvider(),
): Promise<ReclusterResult> {
  const ctx = systemContext("learning.recluster", { id: orgId });
  const similarity =
    provider === offlineSimilarity
      ? lexical
      : await provider.prepare(await withTenant(ctx, textsOfPass));
  try {
    return await withTenant(ctx, (tx) => reclusterIn(tx, now, similarity));
  } catch (error) {
    if (!(error instanceof UnpreparedTextError)) throw error;
    // A question arrived between the embeddings and the pass: this week, the offline default.
    log.info({ orgId }, "a question arrived during the embeddings request; lexical pass instead");
    return withTenant(ctx, (tx) => reclusterIn(tx, now, lexical));
  }
}

/** The hour of the week, in each org's time zone, when its weekly pass runs: Monday 03:00. */
export const WEEKLY_PASS = { weekday: "Mon", hour: 3 } as const;

function isWeeklyHour(timeZone: string, now: Date): boolean {
  try {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
    const weekday = parts.find((p) => p.type === "weekday")?.value;
    const hour = Number(parts.find((p) => p.type === "hour")?.value);
    return weekday === WEEKLY_PASS.weekday && hour === WEEKLY_PASS.hour;
  } catch {
    return timeZone !== "UTC" && isWeeklyHour("UTC", now);
  }
}

/** The orgs whose Monday 03:00 is the hour of `now` (the hourly schedule's fan-out). */
export async function orgsDueForWeeklyPass(now: Date): Promise<string[]> {
  const rows = await withSystem("learning weekly pass finds the orgs it is due for", (tx) =>
    tx
      .select({ id: orgs.id, timezone: orgs.timezone })
      .from(orgs)
      .where(
        inArray(orgs.id, tx.selectDistinct({ id: learningSignals.orgId }).from(learningSignals)),
      ),
  );
  return rows.filter((o) => isWeeklyHour(o.timezone, now)).map((o) => o.id);
}
