import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { learningGaps, learningSignals } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { lockOrgLearning, refreshGaps } from "./gap-store";
import {
  gapIdSchema,
  mergeGapsSchema,
  moveSignalSchema,
  snoozeGapSchema,
  versionOnlySchema,
  type MergeGapsInput,
  type MoveSignalInput,
  type SnoozeGapInput,
} from "./schemas";
import { GAP_MERGED_AWAY, lockGap } from "./service";

// The review page's other decisions on open gaps: snooze, merge two gaps, move a question out into
// a gap of its own. Each checks the version the admin saw (lockGap: a second admin gets a
// conflict) and is audited. Merge and move take the org's learning lock, like the signals job and
// the weekly pass, and pin the questions they place: the weekly pass leaves an admin's grouping
// as it is (gap-store.ts, reclusterable).

/** Snoozes an open gap until the start of `until` in the org's time zone. */
export async function snoozeGap(ctx: TenantContext, gapId: string, input: SnoozeGapInput) {
  requirePermission(ctx, "learning.write");
  const id = parseInput(gapIdSchema, gapId);
  const { until, version } = parseInput(snoozeGapSchema, input);
  return withTenant(ctx, async (tx) => {
    const gap = await lockGap(tx, id, version);
    const [updated] = await tx
      .update(learningGaps)
      .set({
        snoozedUntil: sql`(select (${until}::date)::timestamp at time zone o.timezone
                             from orgs o where o.id = ${tx.orgId})`,
        version: sql`${learningGaps.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, gap.id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: "learning.gap_snoozed",
      targetType: "learning_gap",
      targetId: gap.id,
      metadata: { until },
    });
    return updated!;
  });
}

/** Brings a snoozed gap back to the review list now. */
export async function unsnoozeGap(ctx: TenantContext, gapId: string, input: { version?: number }) {
  requirePermission(ctx, "learning.write");
  const id = parseInput(gapIdSchema, gapId);
  const { version } = parseInput(versionOnlySchema, input);
  return withTenant(ctx, async (tx) => {
    const gap = await lockGap(tx, id, version);
    const [updated] = await tx
      .update(learningGaps)
      .set({
        snoozedUntil: null,
        version: sql`${learningGaps.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, gap.id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: "learning.gap_unsnoozed",
      targetType: "learning_gap",
      targetId: gap.id,
    });
    return updated!;
  });
}

/**
 * Merges the open gap `gapId` into the open gap `input.into` (same language): its questions move
 * over, the counts are recomputed, and it disappears (its merge stays in the audit log, so an
 * admin still acting on it is told it was merged).
 */
export async function mergeGaps(ctx: TenantContext, gapId: string, input: MergeGapsInput) {
  requirePermission(ctx, "learning.write");
  const fromId = parseInput(gapIdSchema, gapId);
  const { into: intoId, version, intoVersion } = parseInput(mergeGapsSchema, input);
  if (fromId === intoId) {
    throw new ValidationError({ into: ["Choose another gap: a gap cannot merge into itself."] });
  }
  return withTenant(ctx, async (tx) => {
    await lockOrgLearning(tx);
    // Locked in id order, so two merges of the same pair cannot deadlock.
    const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
    const versions = { [fromId]: version, [intoId]: intoVersion };
    const lockedFirst = await lockGap(tx, first, versions[first]);
    const lockedSecond = await lockGap(tx, second, versions[second]);
    const [from, into] =
      first === fromId ? [lockedFirst, lockedSecond] : [lockedSecond, lockedFirst];
    if (from.language !== into.language) {
      throw new ValidationError({ into: ["Choose a gap in the same language."] });
    }
    const moved = await tx
      .update(learningSignals)
      .set({ gapId: into.id, pinned: true })
      .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.gapId, from.id)))
      .returning({ id: learningSignals.id });
    // The target's own questions stay together too: the admin said they belong with these.
    await tx
      .update(learningSignals)
      .set({ pinned: true })
      .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.gapId, into.id)));
    await tx
      .delete(learningGaps)
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, from.id)));
    await refreshGaps(tx, [into.id], new Date());
    const [updated] = await tx
      .update(learningGaps)
      .set({ version: sql`${learningGaps.version} + 1` })
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, into.id)))
      .returning();
    const metadata = { from: from.id, into: into.id, signals: moved.length };
    await recordAudit(tx, ctx, {
      action: GAP_MERGED_AWAY,
      targetType: "learning_gap",
      targetId: from.id,
      metadata,
    });
    await recordAudit(tx, ctx, {
      action: "learning.gaps_merged",
      targetType: "learning_gap",
      targetId: into.id,
      metadata,
    });
    return updated!;
  });
}

/**
 * Moves one question of an open gap out into a new open gap of its own (the clustering put it with
 * questions it does not belong with). Both gaps are recounted; the question is pinned there.
 */
export async function moveSignalOut(ctx: TenantContext, gapId: string, input: MoveSignalInput) {
  requirePermission(ctx, "learning.write");
  const id = parseInput(gapIdSchema, gapId);
  const { signalId, version } = parseInput(moveSignalSchema, input);
  return withTenant(ctx, async (tx) => {
    await lockOrgLearning(tx);
    const gap = await lockGap(tx, id, version);
    const [signal] = await tx
      .select()
      .from(learningSignals)
      .where(
        and(
          eq(learningSignals.orgId, tx.orgId),
          eq(learningSignals.id, signalId),
          eq(learningSignals.gapId, gap.id),
        ),
      );
    if (!signal) {
      throw new ConflictError(
        "This question is no longer in this gap: someone moved it. Reload to see where it is.",
      );
    }
    if (gap.signalCount <= 1) {
      throw new ValidationError({
        signalId: ["This is the gap's only question: nothing to split."],
      });
    }
    const [created] = await tx
      .insert(learningGaps)
      .values({
        orgId: tx.orgId,
        language: signal.language,
        canonicalQuestion: signal.question,
        firstSeenAt: signal.occurredAt,
        lastSeenAt: signal.occurredAt,
      })
      .returning({ id: learningGaps.id });
    await tx
      .update(learningSignals)
      .set({ gapId: created!.id, pinned: true, askedAgain: false })
      .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.id, signal.id)));
    await refreshGaps(tx, [gap.id, created!.id], new Date());
    await tx
      .update(learningGaps)
      .set({ version: sql`${learningGaps.version} + 1` })
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, gap.id)));
    await recordAudit(tx, ctx, {
      action: "learning.signal_moved_out",
      targetType: "learning_gap",
      targetId: gap.id,
      metadata: { signalId: signal.id, newGap: created!.id },
    });
    return { gapId: created!.id };
  });
}
