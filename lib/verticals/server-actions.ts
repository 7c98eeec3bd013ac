"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import type { ActionResult } from "@/lib/errors";
import { selectVerticalSchema } from "./schemas";
import { previewVerticalChange, selectVertical, type VerticalChangePreview } from "./service";

// The settings page's template upgrade and trade switch. Both take plain objects from client
// islands; the verbs check the permission (preview: verticals.read, select: verticals.write).

export async function previewVerticalChangeAction(
  input: unknown,
): Promise<ActionResult<VerticalChangePreview>> {
  return sessionAction(async ({ ctx }) =>
    previewVerticalChange(ctx, parseInput(selectVerticalSchema, input)),
  );
}

export async function selectVerticalAction(
  input: unknown,
): Promise<ActionResult<{ slug: string; version: number; dropped: string[] }>> {
  return sessionAction(async ({ ctx }) => {
    const selected = await selectVertical(ctx, parseInput(selectVerticalSchema, input));
    revalidatePath("/", "layout");
    return selected;
  });
}
