"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sessionAction } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import type { ActionResult } from "@/lib/errors";
import { replayWebhookEvent } from "./replay";

export async function replayWebhookEventAction(eventId: string): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await replayWebhookEvent(ctx, parseInput(z.uuid(), eventId));
    revalidatePath("/settings/webhooks");
    return null;
  });
}
