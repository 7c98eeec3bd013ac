import { z } from "zod";
import { TASK_STATUSES } from "@/db/schema/agent-actions";
import { LEAD_STATUSES } from "@/db/schema/contacts";
import { tagSchema } from "@/lib/contacts/tags";
import { mailAddressSchema } from "@/lib/mail/message";

// The inputs of the actions (what the agent, an API key or a person sends) and the configuration an
// org gives each action. The input schemas are also the tools' parameters handed to VAPI, exported
// as JSON Schema (registry.ts), so their descriptions are written for the agent.

const oneLine = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty.`)
    .max(max, `${what}: at most ${max} characters.`)
    .regex(/^[^\r\n]*$/, `${what} must be one line.`);

const contactId = z
  .uuid({ error: "Unknown contact." })
  .optional()
  .describe("The Luneo contact id (the call's caller when left out).");

export const emailInputSchema = z.object({
  to: mailAddressSchema
    .optional()
    .describe("Where to send it; the caller's email address when left out."),
  subject: oneLine(200, "The subject").describe("The email's subject, one line."),
  body: z
    .string()
    .trim()
    .min(1, "Write the message first.")
    .max(10_000, "At most 10,000 characters.")
    .describe("The message, plain text."),
  contactId,
});

export const ticketInputSchema = z.object({
  title: oneLine(200, "The task").describe(
    'What the team must do, e.g. "Call Mrs Martin back about the flat on Rue Neuve".',
  ),
  details: z
    .string()
    .trim()
    .max(2000, "At most 2,000 characters.")
    .optional()
    .describe("Anything the team needs to know."),
  dueAt: z.iso
    .datetime({ offset: true, error: "Use a date and time such as 2026-05-01T10:00:00Z." })
    .optional()
    .describe("When it must be done (ISO 8601 with offset)."),
  contactId,
});

export const transferInputSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(300, "At most 300 characters.")
    .optional()
    .describe("Why the caller needs a person."),
});

export const updateContactInputSchema = z.object({
  contactId,
  name: oneLine(120, "The name").optional().describe("The caller's full name."),
  addTags: z.array(tagSchema).max(10, "At most 10 tags.").optional().describe("Tags to add."),
  leadStatus: z
    .enum(LEAD_STATUSES, { error: "Unknown lead status." })
    .optional()
    .describe("The lead's stage."),
  leadFields: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Use lower-case letters, digits, - and _."),
      z.union([z.string().trim().max(200, "At most 200 characters."), z.number()]),
    )
    .refine((r) => Object.keys(r).length <= 20, "At most 20 lead fields.")
    .optional()
    .describe("Answers to the qualification questions, by field key (budget, area, bedrooms…)."),
});

export const webhookCallInputSchema = z.object({
  event: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,62}$/, "Name the event in lower case, e.g. order.return_requested.")
    .describe("The event's name, e.g. order.return_requested."),
  data: z
    .record(z.string().max(64, "Keys: at most 64 characters."), z.unknown())
    .refine((d) => JSON.stringify(d).length <= 16_000, "At most 16 KB of data.")
    .default({})
    .describe("What the receiving system needs."),
  contactId,
});

// Configuration, per action.
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((v) => v || undefined)
    .optional();

export const emailConfigSchema = z.object({
  signature: optionalText(300),
});
export const ticketConfigSchema = z.object({
  assigneeId: z
    .uuid({ error: "Choose a teammate." })
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export const transferConfigSchema = z.object({
  number: z
    .string()
    .trim()
    .regex(/^\+[1-9]\d{6,14}$/, "Use an international number such as +33612345678.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  message: optionalText(300),
});
export const webhookCallConfigSchema = z.object({
  url: z
    .url({
      protocol: /^https?$/,
      error: "Enter an http(s) URL such as https://crm.example.com/hooks.",
    })
    .max(2000, "At most 2,000 characters.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export const ACTION_NAMES = [
  "email",
  "ticket",
  "transfer",
  "update_contact",
  "webhook_call",
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** Settings → Actions, one action's form. The config is parsed by the action's own schema. */
export const actionSettingsSchema = z.object({
  action: z.enum(ACTION_NAMES, { error: "Unknown action." }),
  enabled: z.boolean(),
  requireApproval: z.boolean(),
  config: z.record(z.string(), z.string().max(2000, "At most 2,000 characters.")).default({}),
  /** A new webhook secret (whsec_…); empty keeps the one stored. */
  secret: z.string().trim().max(200, "At most 200 characters.").optional(),
});
export type ActionSettingsInput = z.infer<typeof actionSettingsSchema>;

/** POST /api/v1/actions/execute and the "try it" form. */
export const executeRequestSchema = z.object({
  action: z.string().min(1, "Name the action.").max(64, "Unknown action."),
  input: z.record(z.string(), z.unknown()).default({}),
  dryRun: z.boolean().default(false),
});
export type ExecuteRequest = z.infer<typeof executeRequestSchema>;

export const idempotencyKeySchema = z
  .string()
  .min(1, "Idempotency-Key must not be empty.")
  .max(200, "Idempotency-Key: at most 200 characters.")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key: printable ASCII without spaces.");

export const approvalDecisionSchema = z.object({
  executionId: z.uuid({ error: "Unknown approval." }),
  decision: z.enum(["accept", "decline"], { error: "Accept or decline." }),
});

// Filters read from the address bar: a value that does not parse is dropped, never an error page.
const filterContact = z.uuid().optional().catch(undefined);
/** A day typed in a date field (yyyy-mm-dd), read in the org's time zone. */
const filterDay = z.iso.date().optional().catch(undefined);

export const taskFiltersSchema = z.object({
  status: z.enum(["open", "done", "all"]).catch("open"),
  /** me, unassigned, anyone, or a teammate's user id. */
  assignee: z.union([z.enum(["me", "unassigned", "anyone"]), z.uuid()]).catch("anyone"),
  due: z.enum(["overdue", "today", "week", "any"]).catch("any"),
  contact: filterContact,
});
export type TaskFilters = z.infer<typeof taskFiltersSchema>;

export const journalFiltersSchema = z.object({
  action: z.enum(ACTION_NAMES).optional().catch(undefined),
  status: z
    .enum(["succeeded", "failed", "queued", "pending_approval", "declined", "refused"])
    .optional()
    .catch(undefined),
  mode: z.enum(["real", "dry-run", "all"]).catch("all"),
  contact: filterContact,
  /** From this day on, and up to this day included. */
  from: filterDay,
  to: filterDay,
  cursor: z.string().max(200).optional().catch(undefined),
});
export type JournalFilters = z.infer<typeof journalFiltersSchema>;

export const updateContactConfigSchema = z.object({});

/** The task form (Tasks → New task, a task's page, a contact's "Add a task"). */
export const taskFormSchema = z.object({
  title: oneLine(200, "The task"),
  details: z
    .string()
    .trim()
    .max(2000, "At most 2,000 characters.")
    .transform((v) => v || null)
    .optional(),
  /** A date and time as typed in a datetime-local field, in the org's time zone; empty: none. */
  dueLocal: z
    .union([
      z.literal("").transform(() => null),
      z.iso.datetime({ local: true, error: "Choose a date and time, or leave it empty." }),
    ])
    .optional(),
  assigneeId: z
    .union([z.literal("").transform(() => null), z.uuid({ error: "Choose a teammate." })])
    .optional(),
  status: z.enum(TASK_STATUSES, { error: "Open or done." }).default("open"),
  contactId: z
    .union([z.literal("").transform(() => null), z.uuid({ error: "Unknown contact." })])
    .optional(),
});
export type TaskFormInput = z.input<typeof taskFormSchema>;
