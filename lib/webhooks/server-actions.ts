"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput, sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { replayWebhookEvent } from "./replay";

export async function replayWebhookEventAction(eventId: string): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await replayWebhookEvent(ctx, parseInput(z.uuid(), eventId));
    revalidatePath("/settings/webhooks");
    return null;
  });
}
