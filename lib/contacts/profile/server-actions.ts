"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { addNote } from "./notes";
import { noteSchema, profileSchema } from "./schemas";
import { updateContactProfile } from "./service";

// The contact page's writes. The profile form holds structured state (lists, key/value rows), so
// these take plain objects; parseInput validates them exactly as it does FormData.

export async function updateProfileAction(
  contactId: string,
  input: unknown,
): Promise<ActionResult<{ changed: string[] }>> {
  return sessionAction(async ({ ctx }) => {
    const { changed } = await updateContactProfile(
      ctx,
      String(contactId),
      parseInput(profileSchema, input),
    );
    revalidatePath(`/contacts/${contactId}`);
    return { changed };
  });
}

/**
 * The timeline is a client island that refetches itself after a note (react-query), so the page
 * is not re-rendered: a re-render would record one more `contact.viewed`.
 */
export async function addNoteAction(
  contactId: string,
  input: unknown,
): Promise<ActionResult<{ id: string }>> {
  return sessionAction(async ({ ctx }) => {
    const { body } = parseInput(noteSchema, input);
    return addNote(ctx, String(contactId), body);
  });
}
