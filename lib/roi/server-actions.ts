"use server";

import { revalidatePath } from "next/cache";
import { sessionAction } from "@/lib/actions";
import type { ActionResult } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { adoptFormulaSchema, roiSettingsSchema } from "./schemas";
import { adoptFormula, saveRoiSettings } from "./service";

function refresh() {
  revalidatePath("/dashboard");
  revalidatePath("/settings/roi");
}

export async function saveRoiSettingsAction(
  input: unknown,
): Promise<ActionResult<{ effectiveFrom: string }>> {
  return sessionAction(async ({ ctx }) => {
    const saved = await saveRoiSettings(ctx, parseInput(roiSettingsSchema, input));
    refresh();
    return { effectiveFrom: saved.effectiveFrom };
  });
}

export async function adoptFormulaAction(
  input: unknown,
): Promise<ActionResult<{ effectiveFrom: string }>> {
  return sessionAction(async ({ ctx }) => {
    const { version } = parseInput(adoptFormulaSchema, input);
    const saved = await adoptFormula(ctx, version);
    refresh();
    return { effectiveFrom: saved.effectiveFrom };
  });
}
