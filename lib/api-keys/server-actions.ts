"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { sessionAction } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import type { ActionResult } from "@/lib/errors";
import { createApiKeySchema } from "./scopes";
import { createApiKey, revokeApiKey } from "./service";

export async function createApiKeyAction(
  _prev: unknown,
  form: FormData,
): Promise<ActionResult<{ token: string; name: string }>> {
  return sessionAction(async ({ ctx }) => {
    const input = parseInput(createApiKeySchema, form);
    const { token } = await createApiKey(ctx, input);
    revalidatePath("/settings/api-keys");
    return { token, name: input.name };
  });
}

export async function revokeApiKeyAction(keyId: string): Promise<ActionResult<null>> {
  return sessionAction(async ({ ctx }) => {
    await revokeApiKey(ctx, parseInput(z.uuid(), keyId));
    revalidatePath("/settings/api-keys");
    return null;
  });
}
