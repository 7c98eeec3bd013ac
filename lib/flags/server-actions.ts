"use server";

import { revalidatePath } from "next/cache";
import { typedValues, userAction, type FormResult } from "@/lib/actions";
import { NotFoundError } from "@/lib/errors";
import { loadStaffMember } from "@/lib/staff/staff";
import { setFlagOverride } from "./overrides";

/** /staff/flags: pin a flag for one org, or give it back to PostHog. Staff only (404 otherwise). */
export async function setFlagOverrideAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ changed: boolean }>> {
  return userAction(
    async (user) => {
      const staff = await loadStaffMember(user);
      if (!staff) throw new NotFoundError("This page");
      const result = await setFlagOverride(staff, {
        orgId: form.get("orgId"),
        key: form.get("key"),
        value: form.get("value"),
      });
      revalidatePath("/staff/flags");
      return result;
    },
    { values: typedValues(form, ["orgId", "key", "value"]) },
  );
}
