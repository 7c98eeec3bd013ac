"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import { trackAfterResponse } from "@/lib/analytics/track";
import { parseInput } from "@/lib/parse-input";
import type { ActionResult } from "@/lib/errors";
import { selectVerticalSchema } from "@/lib/verticals/schemas";
import { businessProfileSchema, customizeSchema, roiSchema } from "./schemas";
import {
  chooseVertical,
  deferConnect,
  finishOnboarding,
  saveBusinessProfile,
  saveCustomization,
  saveRoiAssumptions,
} from "./service";

// The wizard's forms are client islands holding structured state (hours, lists), so these take
// plain objects; parseInput validates them exactly as it does FormData.

function refresh() {
  revalidatePath("/", "layout");
}

export async function saveProfileAction(input: unknown): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await saveBusinessProfile(ctx, parseInput(businessProfileSchema, input));
    trackAfterResponse(ctx.org.id, "wizard step completed", { step: "profile" });
    refresh();
    return { saved: true as const };
  });
}

export async function chooseVerticalAction(
  input: unknown,
): Promise<ActionResult<{ slug: string; version: number }>> {
  return sessionAction(async ({ ctx }) => {
    const chosen = await chooseVertical(ctx, parseInput(selectVerticalSchema, input));
    trackAfterResponse(
      ctx.org.id,
      "wizard step completed",
      { step: "vertical" },
      { identify: true },
    );
    refresh();
    return { slug: chosen.slug, version: chosen.version };
  });
}

export async function saveCustomizationAction(
  input: unknown,
): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await saveCustomization(ctx, parseInput(customizeSchema, input));
    trackAfterResponse(ctx.org.id, "wizard step completed", { step: "customize" });
    refresh();
    return { saved: true as const };
  });
}

export async function saveRoiAction(input: unknown): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await saveRoiAssumptions(ctx, parseInput(roiSchema, input));
    trackAfterResponse(ctx.org.id, "wizard step completed", { step: "value" });
    refresh();
    return { saved: true as const };
  });
}

export async function deferConnectAction(): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await deferConnect(ctx);
    trackAfterResponse(ctx.org.id, "wizard step completed", {
      step: "connect",
      outcome: "deferred",
    });
    refresh();
    return { saved: true as const };
  });
}

export async function finishOnboardingAction(): Promise<ActionResult<{ saved: true }>> {
  return sessionAction(async ({ ctx }) => {
    await finishOnboarding(ctx);
    trackAfterResponse(ctx.org.id, "wizard step completed", { step: "done" });
    refresh();
    return { saved: true as const };
  });
}
