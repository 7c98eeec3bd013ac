"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { resendOutboxMessage } from "./resend";

export async function resendOutboxMessageAction(messageId: string): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await resendOutboxMessage(ctx, parseInput(z.uuid({ error: "Unknown message." }), messageId));
    revalidatePath("/settings/outbox");
    return null;
  });
}
