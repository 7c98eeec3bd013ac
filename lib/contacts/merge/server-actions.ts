"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { mergeContacts } from "./service";
import { mergeIdSchema, mergeInputSchema } from "./schemas";
import { undoMerge } from "./undo";

export async function mergeContactsAction(
  input: unknown,
): Promise<ActionResult<{ mergeId: string; survivorId: string }>> {
  return sessionAction(async ({ ctx }) => {
    const { mergeId, survivorId, mergedId } = await mergeContacts(
      ctx,
      parseInput(mergeInputSchema, input),
    );
    revalidatePath("/contacts");
    revalidatePath(`/contacts/${survivorId}`);
    revalidatePath(`/contacts/${mergedId}`);
    return { mergeId, survivorId };
  });
}

export async function undoMergeAction(
  mergeId: unknown,
): Promise<ActionResult<{ survivorId: string; mergedId: string }>> {
  return sessionAction(async ({ ctx }) => {
    const result = await undoMerge(ctx, parseInput(mergeIdSchema, mergeId));
    revalidatePath("/contacts");
    revalidatePath(`/contacts/${result.survivorId}`);
    revalidatePath(`/contacts/${result.mergedId}`);
    return result;
  });
}
