"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { idSchema } from "./schemas";
import { correctFact, deleteFact } from "./service";

// The contact page's memory panel: an admin corrects or forgets a fact. sessionAction checks the
// session and membership on every call; the verbs check memory.write.

/** Sets a fact (new or corrected) from the fact editor's form: fields `key` and `value`. */
export async function correctFactAction(
  contactId: string,
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ key: string; value: string }>> {
  return sessionAction(async ({ ctx }) => {
    const id = parseInput(idSchema, contactId);
    const fact = await correctFact(
      ctx,
      id,
      String(form.get("key") ?? ""),
      String(form.get("value") ?? ""),
    );
    revalidatePath(`/contacts/${id}`);
    return fact;
  });
}

export async function deleteFactAction(
  contactId: string,
  key: string,
): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    const id = parseInput(idSchema, contactId);
    await deleteFact(ctx, id, key);
    revalidatePath(`/contacts/${id}`);
    return null;
  });
}
