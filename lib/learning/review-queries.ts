import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { learningGaps, type LearningLanguage } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { lexicalSimilarity } from "./similarity";
import { suggestAnswers } from "./suggestions";

// Reads behind the review actions: the suggested answers the list's bulk approval approves, and
// the gaps a gap may be merged into.

type GapForSuggestion = {
  id: string;
  language: LearningLanguage;
  canonicalQuestion: string;
  firstSeenAt: Date;
};

/** The suggested answer of each listed open gap that has one. */
export async function listSuggestions(
  ctx: TenantContext,
  gaps: readonly GapForSuggestion[],
): Promise<Record<string, string>> {
  requirePermission(ctx, "learning.read");
  if (gaps.length === 0) return {};
  const found = await withTenant(ctx, (tx) => suggestAnswers(tx, gaps));
  return Object.fromEntries(found);
}

export type MergeTarget = { id: string; question: string; signalCount: number; version: number };

/** Open gaps read to find merge targets (the highest impact), and targets offered. */
const TARGETS_READ = 300;
const TARGETS_SHOWN = 40;

/** Other open gaps of the same language, the most similar question first, then impact. */
export async function mergeTargets(
  ctx: TenantContext,
  gap: { id: string; language: LearningLanguage; canonicalQuestion: string },
): Promise<MergeTarget[]> {
  requirePermission(ctx, "learning.read");
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select({
        id: learningGaps.id,
        question: learningGaps.canonicalQuestion,
        signalCount: learningGaps.signalCount,
        version: learningGaps.version,
      })
      .from(learningGaps)
      .where(
        and(
          eq(learningGaps.orgId, tx.orgId),
          eq(learningGaps.status, "open"),
          eq(learningGaps.language, gap.language),
          ne(learningGaps.id, gap.id),
        ),
      )
      .orderBy(desc(learningGaps.impact), desc(learningGaps.lastSeenAt))
      .limit(TARGETS_READ),
  );
  return rows
    .map((r, rank) => ({
      r,
      rank,
      score: lexicalSimilarity(gap.canonicalQuestion, r.question, gap.language),
    }))
    .sort((a, b) => b.score - a.score || a.rank - b.rank)
    .slice(0, TARGETS_SHOWN)
    .map(({ r }) => r);
}
