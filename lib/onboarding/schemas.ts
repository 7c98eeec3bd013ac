import { z } from "zod";
import {
  knowledgeEntrySchema,
  qualificationQuestionSchema,
  roiAssumptionsSchema,
  verticalContentSchema,
  weeklyHoursSchema,
} from "@/lib/verticals/content";
import { AGENT_LANGUAGE_TAGS, COUNTRIES, TIME_ZONES } from "./options";

// The wizard's steps, each saved by its own server action. Shared by the forms and the server.

export const businessProfileSchema = z.object({
  name: z.string().trim().min(2, "Enter your business name.").max(80, "Use at most 80 characters."),
  country: z.enum(COUNTRIES as [string, ...string[]], { error: "Choose your country." }),
  timezone: z.string().refine((tz) => TIME_ZONES.includes(tz), "Choose a time zone from the list."),
  language: z.enum(AGENT_LANGUAGE_TAGS, { error: "Choose the language your callers speak." }),
  hours: weeklyHoursSchema,
});
export type BusinessProfileInput = z.infer<typeof businessProfileSchema>;

const entryId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Entries need an id.");
const uniqueIds = (list: Array<{ id: string }>) =>
  new Set(list.map((e) => e.id)).size === list.length;

/** Lists are sent in display order; the position of each entry is its place in the list. */
const knowledgeList = z
  .array(knowledgeEntrySchema.omit({ position: true }).extend({ id: entryId }))
  .max(50, "At most 50 questions.")
  .refine(uniqueIds, "Two questions share an id.");
const qualificationList = z
  .array(qualificationQuestionSchema.omit({ position: true }).extend({ id: entryId }))
  .max(20, "At most 20 qualification questions.")
  .refine(uniqueIds, "Two qualification questions share an id.");

export const customizeSchema = z.object({
  greeting: verticalContentSchema.shape.agent.shape.greeting,
  hours: weeklyHoursSchema,
  knowledge: knowledgeList,
  qualification: qualificationList,
});
export type CustomizeInput = z.infer<typeof customizeSchema>;

export const roiSchema = roiAssumptionsSchema;
export type RoiInput = z.infer<typeof roiSchema>;

/**
 * A list from a form back to the keyed record the configuration stores. Positions only order the
 * entries, so an entry keeps the position it has in `previous` whenever that still sorts it after
 * the one before: removing or appending an entry then overrides no one else's position.
 */
export function toRecord<T extends { id: string }>(
  list: T[],
  previous: Record<string, { position: number }> = {},
): Record<string, Omit<T, "id"> & { position: number }> {
  let last = -1;
  return Object.fromEntries(
    list.map(({ id, ...rest }) => {
      const kept = previous[id]?.position;
      last = kept !== undefined && kept > last ? kept : last + 1;
      return [id, { ...rest, position: last }];
    }),
  );
}
