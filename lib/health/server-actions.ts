"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { refuseUnlessFlagOn } from "@/lib/flags/http";
import { FLAGS } from "@/lib/flags/registry";
import { sessionAction, typedValues, type FormResult } from "@/lib/actions";
import { parseInput } from "@/lib/parse-input";
import {
  healthSettingsSchema,
  incidentUpdateSchema,
  openIncidentSchema,
  postmortemSchema,
} from "./schemas";
import { openIncident, postIncidentUpdate, saveHealthSettings, writePostmortem } from "./service";

/** What was typed, long texts whole (typedValues cuts at 300 characters). */
function typed(form: FormData, names: string[], long: string) {
  const values = typedValues(form, names);
  const text = form.get(long);
  if (typeof text === "string") values[long] = text.slice(0, 20_000);
  return values;
}

export async function openIncidentAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<never>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.statusPage.key);
      const { id } = await openIncident(ctx, parseInput(openIncidentSchema, form));
      revalidatePath("/health");
      redirect(`/health/incidents/${id}`);
    },
    { values: typed(form, ["title", "component", "impact"], "body") },
  );
}

export async function postIncidentUpdateAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ posted: true }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.statusPage.key);
      const input = parseInput(incidentUpdateSchema, form);
      await postIncidentUpdate(ctx, input);
      revalidatePath(`/health/incidents/${input.incidentId}`);
      return { posted: true as const };
    },
    { values: typed(form, ["status"], "body") },
  );
}

export async function writePostmortemAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ saved: true }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.statusPage.key);
      const input = parseInput(postmortemSchema, form);
      await writePostmortem(ctx, input);
      revalidatePath(`/health/incidents/${input.incidentId}`);
      return { saved: true as const };
    },
    { values: typed(form, [], "postmortem") },
  );
}

export async function saveHealthSettingsAction(
  _prev: unknown,
  form: FormData,
): Promise<FormResult<{ saved: true }>> {
  return sessionAction(
    async ({ ctx }) => {
      await refuseUnlessFlagOn(ctx.org.id, FLAGS.statusPage.key);
      await saveHealthSettings(ctx, parseInput(healthSettingsSchema, form));
      revalidatePath("/health");
      return { saved: true as const };
    },
    { values: typedValues(form, ["statusPageEnabled", "alertWebhookUrl"]) },
  );
}
