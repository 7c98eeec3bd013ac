"use server";

import { revalidatePath } from "next/cache";
import { typedValues, userAction, type FormResult } from "@/lib/actions";
import { NotFoundError } from "@/lib/errors";
import { loadStaffMember } from "@/lib/staff/staff";
import { promoteAnswer } from "./promote";

/** /staff/learning: promote staff's answer into a new version of the trade's template. Staff only. */
export async function promoteAnswerAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ version: number }>> {
  return userAction(
    async (user) => {
      const staff = await loadStaffMember(user);
      if (!staff) throw new NotFoundError("This page");
      const { version } = await promoteAnswer(staff, {
        vertical: form.get("vertical"),
        language: form.get("language"),
        question: form.get("question"),
        answer: form.get("answer"),
      });
      revalidatePath("/staff/learning");
      return { version };
    },
    { values: typedValues(form, ["answer"]) },
  );
}
