import { z } from "zod";

// What a vertical template holds, and therefore what an org's resolved configuration looks like
// (template ← org's merge patch, see resolve.ts). Lists the org may edit entry by entry (knowledge,
// qualification, escalation, automations) are records keyed by a stable id, not arrays: under JSON
// merge patch an array is replaced whole, so one edited answer would freeze the whole list and a
// template upgrade could never add a question. Records merge, and `position` keeps the order
// (jsonb does not keep key order).

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Use lower-case letters, digits, - and _.");
const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty.`)
    .max(max, `${what}: at most ${max} characters.`);

/**
 * Knowledge keys of answers staff promoted into a template (lib/learning/promote/); code templates
 * never use it, so publishing from code can tell them apart and carry them forward (publish.ts).
 */
export const PROMOTED_KNOWLEDGE_PREFIX = "shared-";

export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 09:30.");
export const openingIntervalSchema = z
  .object({ open: clock, close: clock })
  .refine((i) => i.open < i.close, { message: "Closing time must be after opening time." });
export type OpeningInterval = z.infer<typeof openingIntervalSchema>;

/** Opening hours: for each day, the intervals the business is open (an empty list is closed). */
export const weeklyHoursSchema = z.object(
  Object.fromEntries(DAYS.map((d) => [d, z.array(openingIntervalSchema).max(4)])) as Record<
    Day,
    z.ZodArray<typeof openingIntervalSchema>
  >,
);
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const knowledgeEntrySchema = z.object({
  position: z.number().int().min(0),
  question: text(300, "The question"),
  answer: text(2000, "The answer"),
});

export const leadFieldSchema = z.object({
  key: id,
  label: text(80, "The field label"),
  type: z.enum(["choice", "text", "number", "date"]),
  /** For `choice` fields: the values the agent may record. */
  options: z.array(text(80, "An option")).max(20).optional(),
  /** For `number` fields: what the number counts, e.g. "EUR" or "bedrooms". */
  unit: z.string().max(20).optional(),
});
export type LeadField = z.infer<typeof leadFieldSchema>;

export const qualificationQuestionSchema = z.object({
  position: z.number().int().min(0),
  question: text(300, "The question"),
  /** The lead field the answer fills (contacts' lead fields, see the contacts module). */
  field: leadFieldSchema,
});

export const escalationRuleSchema = z.object({
  position: z.number().int().min(0),
  /** When to hand over, in words the agent (and the owner) understand. */
  when: text(300, "The condition"),
  action: z.enum(["transfer", "callback", "message"]),
  /** What the agent says while handing over. */
  say: text(300, "What the agent says"),
});

export const roiAssumptionsSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD."),
  /** Minutes a person would spend on one call the agent handles. */
  minutesPerCall: z.number().min(0).max(240),
  /** What one hour of that person costs the business, all included. */
  loadedHourlyCost: z.number().min(0).max(10_000),
  /** The outcome worth money in this trade: "qualified lead", "saved order"… */
  outcomeLabel: text(60, "The outcome"),
  valuePerOutcome: z.number().min(0).max(1_000_000),
});
export type RoiAssumptions = z.infer<typeof roiAssumptionsSchema>;

export const proposedAutomationSchema = z.object({
  position: z.number().int().min(0),
  name: text(80, "The name"),
  description: text(300, "The description"),
});

const keyed = <T extends z.ZodType>(entry: T) =>
  z.record(id, entry).refine((r) => Object.keys(r).length <= 50, "At most 50 entries.");

export const verticalContentSchema = z.object({
  /** Shown when choosing a vertical. */
  label: text(60, "The label"),
  tagline: text(200, "The tagline"),
  agent: z.object({
    /** Who the agent is and how it speaks (goes into the assistant's prompt as {{persona}}). */
    persona: text(2000, "The persona"),
    /** First sentence of every call; may use {{businessName}}. */
    greeting: text(400, "The greeting"),
    /** BCP 47 language tag, e.g. en-US or fr-FR. */
    language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "Use a language tag such as en-US."),
    /** Said when the business is closed, after the greeting. */
    closedMessage: text(400, "The closed message"),
  }),
  hours: weeklyHoursSchema,
  knowledge: keyed(knowledgeEntrySchema),
  qualification: keyed(qualificationQuestionSchema),
  escalation: keyed(escalationRuleSchema),
  roi: roiAssumptionsSchema,
  /** VAPI server messages this trade needs turned on (serverMessages in the assistant). */
  serverMessages: z.array(z.string().min(1)).min(1),
  /** Automations the template proposes; names only until the automation module exists. */
  automations: keyed(proposedAutomationSchema),
});
export type VerticalContent = z.infer<typeof verticalContentSchema>;

/** Entries of a keyed list, in their display order. */
export function ordered<T extends { position: number }>(
  record: Record<string, T>,
): Array<T & { id: string }> {
  return Object.entries(record)
    .map(([key, value]) => ({ ...value, id: key }))
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}
