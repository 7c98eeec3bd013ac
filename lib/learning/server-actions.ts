"use server";

import { revalidatePath } from "next/cache";
import { sessionAction, typedValues, type FormResult } from "@/lib/actions";
import { refuseUnlessFlagOn } from "@/lib/flags/http";
import { FLAGS } from "@/lib/flags/registry";
import { parseInput } from "@/lib/parse-input";
import { approveGapSchema, dismissGapSchema, gapIdSchema } from "./schemas";
import { approveGap, dismissGap } from "./service";

// The review page's decisions. sessionAction checks the session and membership on every call;
// the verbs check learning.write and the version the admin saw. While the learning flag is off for
// the org they answer "not found", like its pages and routes.

/** Approves a gap with the (edited) question and answer: fields `question`, `answer`, `version`. */
export async function approveGapAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
      const id = parseInput(gapIdSchema, gapId);
      const gap = await approveGap(ctx, id, parseInput(approveGapSchema, Object.fromEntries(form)));
      revalidatePath("/learning");
      return { id: gap.id };
    },
    // An answer may be longer than typedValues keeps: it comes back whole.
    { values: { ...typedValues(form, ["question"]), answer: String(form.get("answer") ?? "") } },
  );
}

/** Dismisses a gap with a reason: fields `reason`, `version`. */
export async function dismissGapAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
      const id = parseInput(gapIdSchema, gapId);
      const gap = await dismissGap(ctx, id, parseInput(dismissGapSchema, Object.fromEntries(form)));
      revalidatePath("/learning");
      return { id: gap.id };
    },
    { values: typedValues(form, ["reason"]) },
  );
}
