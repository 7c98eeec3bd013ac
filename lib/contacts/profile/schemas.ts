import { z } from "zod";
import { LEAD_STATUSES } from "@/db/schema/contacts";
import { MAX_TAGS, tagSchema } from "../tags";

// A contact's profile as people and API clients write it. Phones may be written any usual way;
// the service turns them into E.164 with the org's country (field errors name the bad one).

const fieldKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Use lower-case letters, digits, - and _.");

export const profileSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name, or leave it empty.").max(120).nullable(),
    /** The first is the primary number. */
    phones: z.array(z.string().trim().min(1).max(40)).max(10, "At most 10 numbers."),
    /** The first is the primary address. */
    emails: z
      .array(z.email("Enter a valid email address.").trim().toLowerCase().max(254))
      .max(10, "At most 10 addresses."),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "Use a language tag such as en-US.")
      .nullable(),
    tags: z.array(tagSchema).max(MAX_TAGS, `At most ${MAX_TAGS} tags.`),
    leadStatus: z.enum(LEAD_STATUSES, { error: "Unknown lead status." }),
    leadFields: z
      .record(fieldKey, z.union([z.string().trim().max(200), z.number()]))
      .refine((r) => Object.keys(r).length <= 50, "At most 50 lead fields."),
    preferences: z
      .record(fieldKey, z.string().trim().max(200))
      .refine((r) => Object.keys(r).length <= 20, "At most 20 preferences."),
    consent: z.object({ calls: z.boolean(), sms: z.boolean(), email: z.boolean() }).partial(),
  })
  .partial();
export type ProfileInput = z.infer<typeof profileSchema>;

export const createContactSchema = profileSchema.refine(
  (c) => (c.phones?.length ?? 0) > 0 || (c.emails?.length ?? 0) > 0,
  { message: "Give at least a phone number or an email address.", path: ["phones"] },
);
export type CreateContactInput = z.infer<typeof createContactSchema>;

export const noteSchema = z.object({
  body: z.string().trim().min(1, "Write the note first.").max(5000, "At most 5,000 characters."),
});
