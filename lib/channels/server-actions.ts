"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sessionAction } from "@/lib/actions";
import { trackAfterResponse } from "@/lib/analytics/track";
import { parseInput } from "@/lib/parse-input";
import type { ActionResult } from "@/lib/errors";
import { twilioConnectionSchema, vapiConnectionSchema } from "./schemas";
import { saveTwilioConnection, saveVapiConnection } from "./service";
import { sendTestEvent, type TestEventResult } from "./test-event";

export async function saveTwilioAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await saveTwilioConnection(ctx, parseInput(twilioConnectionSchema, form));
    // Once per org and provider: saving the settings again is not connecting again.
    trackAfterResponse(
      ctx.org.id,
      "channel connected",
      { provider: "twilio" },
      { once: "channel connected:twilio" },
    );
    revalidatePath("/settings/channels");
    return { saved: true as const };
  });
}

export async function saveVapiAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await saveVapiConnection(ctx, parseInput(vapiConnectionSchema, form));
    // Once per org and provider: saving the settings again is not connecting again.
    trackAfterResponse(
      ctx.org.id,
      "channel connected",
      { provider: "vapi" },
      { once: "channel connected:vapi" },
    );
    revalidatePath("/settings/channels");
    return { saved: true as const };
  });
}

export async function sendTestEventAction(
  provider: "twilio" | "vapi",
): Promise<ActionResult<TestEventResult>> {
  return sessionAction(async ({ ctx }) => {
    const result = await sendTestEvent(ctx, parseInput(z.enum(["twilio", "vapi"]), provider));
    revalidatePath("/settings/webhooks");
    return result;
  });
}
