import "server-only";
import type { z } from "zod";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import { getLiveContactIn } from "@/lib/contacts/queries";
import { applyProfile } from "@/lib/contacts/profile/service";
import type { ProfileInput } from "@/lib/contacts/profile/schemas";
import { jsonEqual } from "@/lib/json";
import { ActionFailure, defineAction, type ActionEnv } from "./definition";
import { updateContactConfigSchema, updateContactInputSchema } from "./schemas";

type Input = z.output<typeof updateContactInputSchema>;
type Config = z.output<typeof updateContactConfigSchema>;

/** The profile change and its diff (field → from, to), against the contact as stored. */
async function plan(env: ActionEnv<Config>, input: Input) {
  if (!env.contactId) {
    throw new ActionFailure("I don't know who the caller is yet, so I can't update their details.");
  }
  const current = await getLiveContactIn(env.tx, env.ctx, env.contactId);
  const change: ProfileInput = {};
  if (input.name !== undefined) change.name = input.name;
  if (input.addTags?.length) change.tags = [...new Set([...current.tags, ...input.addTags])];
  if (input.leadStatus) change.leadStatus = input.leadStatus;
  if (input.leadFields) change.leadFields = { ...current.leadFields, ...input.leadFields };
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(change)) {
    const from = current[field as keyof typeof current];
    if (!jsonEqual(from, to)) diff[field] = { from, to };
  }
  const fields = Object.keys(diff);
  const result =
    fields.length === 0
      ? "Those details were already on file."
      : `I've noted that (${fields.map((f) => FIELD_WORDS[f] ?? f).join(", ")}).`;
  return { contactId: env.contactId, change, diff, result };
}

const FIELD_WORDS: Record<string, string> = {
  name: "name",
  tags: "tags",
  leadStatus: "lead status",
  leadFields: "qualification answers",
};

// Profile fields, tags, lead status and lead fields of the caller (or a given contact), through
// the contacts module's applyProfile with its permission and its contact.updated audit entry.
export const updateContactAction = defineAction({
  name: "update_contact",
  label: "Update the contact",
  description:
    "Record what the caller told you about themselves: their name, tags, lead status and answers to the qualification questions (lead fields by key).",
  input: updateContactInputSchema,
  config: updateContactConfigSchema,
  risk: "write",
  runBy: ["agent", "api", "user"],
  permissions: ["contacts.write"],
  external: false,
  async preview(env, input) {
    const { contactId, diff, result } = await plan(env, input);
    return { status: "succeeded", result, effect: { diff }, contactId };
  },
  async run(env, input) {
    requirePermission(env.ctx, "contacts.write");
    const { contactId, change, diff, result } = await plan(env, input);
    const changed = await applyProfile(env.tx, env.ctx, contactId, change);
    if (changed.length > 0) {
      await recordAudit(env.tx, env.ctx, {
        action: "contact.updated",
        targetType: "contact",
        targetId: contactId,
        metadata: { fields: changed, executionId: env.executionId },
      });
    }
    return { status: "succeeded", result, effect: { diff }, contactId };
  },
});
