"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { sessionAction, typedValues, type FormResult } from "@/lib/actions";
import { refuseUnlessFlagOn } from "@/lib/flags/http";
import { FLAGS } from "@/lib/flags/registry";
import { parseInput } from "@/lib/parse-input";
import { decideGaps } from "./bulk";
import { mergeGaps, moveSignalOut, snoozeGap, unsnoozeGap } from "./review";
import {
  approveGapSchema,
  dismissGapSchema,
  gapIdSchema,
  mergeGapsSchema,
  moveSignalSchema,
  snoozeGapSchema,
  versionOnlySchema,
} from "./schemas";
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

/** Snoozes a gap until a day: fields `until` (YYYY-MM-DD), `version`. */
export async function snoozeGapAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
      const gap = await snoozeGap(
        ctx,
        gapId,
        parseInput(snoozeGapSchema, Object.fromEntries(form)),
      );
      revalidatePath("/learning");
      return { id: gap.id };
    },
    { values: typedValues(form, ["until"]) },
  );
}

/** Brings a snoozed gap back now: field `version`. */
export async function unsnoozeGapAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  return sessionAction(async ({ ctx }) => {
    await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
    const gap = await unsnoozeGap(
      ctx,
      gapId,
      parseInput(versionOnlySchema, Object.fromEntries(form)),
    );
    revalidatePath("/learning");
    return { id: gap.id };
  });
}

/** Merges this gap into another, then opens that one: fields `into`, `version`, `intoVersion`. */
export async function mergeGapsAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
      const into = await mergeGaps(
        ctx,
        gapId,
        parseInput(mergeGapsSchema, Object.fromEntries(form)),
      );
      revalidatePath("/learning");
      // This gap is gone: its page would answer "not found". Go where its questions went.
      redirect(`/learning/gaps/${into.id}`);
    },
    { values: typedValues(form, ["into"]) },
  );
}

/** Moves one question out into its own gap: fields `signalId`, `version`. */
export async function moveSignalOutAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  return sessionAction(async ({ ctx }) => {
    await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
    const moved = await moveSignalOut(
      ctx,
      gapId,
      parseInput(moveSignalSchema, Object.fromEntries(form)),
    );
    revalidatePath("/learning");
    return { id: moved.gapId };
  });
}

/** Approves or dismisses the chosen gaps: fields `decision`, `gaps[]` ("id:version"), `reason`. */
export async function decideGapsAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ decided: number }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.learning.key);
      const result = await decideGaps(ctx, form);
      revalidatePath("/learning");
      return result;
    },
    { values: typedValues(form, ["reason"]) },
  );
}
