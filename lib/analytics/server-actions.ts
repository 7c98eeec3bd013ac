"use server";

import { revalidatePath } from "next/cache";
import { sessionAction, typedValues, type FormResult } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import { analyticsPreferenceSchema } from "./schemas";
import { setAnalyticsPreference } from "./service";

export async function setAnalyticsPreferenceAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ changed: boolean }>> {
  return sessionAction(
    async ({ ctx }) => {
      const result = await setAnalyticsPreference(ctx, parseInput(analyticsPreferenceSchema, form));
      revalidatePath("/settings/privacy");
      return result;
    },
    { values: typedValues(form, ["share"]) },
  );
}
