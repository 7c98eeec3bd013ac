"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { filterInputFromSearchParams } from "../filters";
import { createSegment, deleteSegment } from "./service";

/**
 * Form fields: `name`, and `filter`, the list's current query string (`tags=vip&sort=name`), read
 * the same way as the page's URL.
 */
export async function createSegmentAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ id: string; name: string }>> {
  return sessionAction(async ({ ctx }) => {
    const query = form.get("filter");
    const segment = await createSegment(ctx, {
      name: String(form.get("name") ?? ""),
      filter: filterInputFromSearchParams(
        new URLSearchParams(typeof query === "string" ? query : ""),
      ),
    });
    revalidatePath("/contacts");
    return segment;
  });
}

export async function deleteSegmentAction(id: string): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await deleteSegment(ctx, parseInput(z.string().max(64), id));
    revalidatePath("/contacts");
    return null;
  });
}
