import "server-only";
import type { z } from "zod";
import { trackAfterResponse } from "@/lib/analytics/track";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError, ConflictError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { bulkDecisionSchema } from "./schemas";
import { approveLockedGap, dismissLockedGap, lockGap } from "./service";
import { suggestAnswers } from "./suggestions";

// Bulk decisions from the review list: approve the chosen gaps with their suggested answers (the
// ones shown in the list), or dismiss them with one reason. All or nothing, in one transaction:
// when any chosen gap changed since the admin loaded the list, none is decided and the admin is
// told how many changed, so a half-applied selection never needs untangling.

export type BulkResult = { decided: number };

/** Decides the chosen gaps (`gaps`: "id:version" as the list sends them). */
export async function decideGaps(
  ctx: TenantContext,
  input: z.input<typeof bulkDecisionSchema> | FormData,
) {
  requirePermission(ctx, "learning.write");
  const parsed = parseInput(bulkDecisionSchema, input);
  const chosen = [...new Map(parsed.gaps.map((g) => [g.id, g])).values()].sort((a, b) =>
    a.id < b.id ? -1 : 1,
  );
  const decided = await withTenant(ctx, async (tx): Promise<BulkResult> => {
    const locked = [];
    let changed = 0;
    for (const { id, version } of chosen) {
      try {
        locked.push(await lockGap(tx, id, version));
      } catch (error) {
        if (!(error instanceof AppError) || error.code === "FORBIDDEN") throw error;
        changed++;
      }
    }
    if (changed > 0) {
      throw new ConflictError(
        `${changed} of the ${chosen.length} chosen gaps ${changed === 1 ? "was" : "were"} changed by someone else. Nothing was decided: reload the list and choose again.`,
      );
    }
    if (parsed.decision === "dismiss") {
      for (const gap of locked) await dismissLockedGap(tx, ctx, gap, parsed.reason);
      return { decided: locked.length };
    }
    const suggestions = await suggestAnswers(tx, locked);
    const without = locked.filter((g) => !suggestions.has(g.id));
    if (without.length > 0) {
      throw new ValidationError(
        { gaps: ["Approve in bulk only gaps with a suggested answer."] },
        `${without.length} of the chosen gaps ${without.length === 1 ? "has" : "have"} no suggested answer: open ${without.length === 1 ? "it" : "each"} to write one. Nothing was approved.`,
      );
    }
    for (const gap of locked) {
      await approveLockedGap(tx, ctx, gap, {
        question: gap.canonicalQuestion,
        answer: suggestions.get(gap.id)!,
      });
    }
    return { decided: locked.length };
  });
  if (parsed.decision === "approve") {
    for (let i = 0; i < decided.decided; i++) trackAfterResponse(ctx.org.id, "gap approved", {});
  }
  return decided;
}
