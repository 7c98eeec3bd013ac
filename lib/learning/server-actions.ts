"use server";

import { revalidatePath } from "next/cache";
import { sessionAction, type FormResult } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import { gapIdSchema } from "./schemas";
import { approveGap, dismissGap } from "./service";

// The review page's decisions. sessionAction checks the session and membership on every call;
// the verbs check learning.write and the version the admin saw.

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

/** Approves a gap with the (edited) question and answer: fields `question`, `answer`, `version`. */
export async function approveGapAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  const values = { question: text(form, "question"), answer: text(form, "answer") };
  return sessionAction(
    async ({ ctx }) => {
      const id = parseInput(gapIdSchema, gapId);
      const gap = await approveGap(ctx, id, { ...values, version: Number(text(form, "version")) });
      revalidatePath("/learning");
      return { id: gap.id };
    },
    { values },
  );
}

/** Dismisses a gap with a reason: fields `reason`, `version`. */
export async function dismissGapAction(
  gapId: string,
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ id: string }>> {
  const values = { reason: text(form, "reason") };
  return sessionAction(
    async ({ ctx }) => {
      const id = parseInput(gapIdSchema, gapId);
      const gap = await dismissGap(ctx, id, { ...values, version: Number(text(form, "version")) });
      revalidatePath("/learning");
      return { id: gap.id };
    },
    { values },
  );
}
