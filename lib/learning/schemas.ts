import { z } from "zod";
import { decodeGapCursor } from "./gap-cursor";
import {
  GAP_STATUSES,
  LEARNING_LANGUAGES,
  SIGNAL_CHANNELS,
  SIGNAL_OUTCOMES,
} from "@/db/schema/learning";

// Inputs of the review page's decisions, shared by the forms and the server.

export const gapIdSchema = z.guid("This is not a valid gap id.");

const version = z.coerce
  .number({ error: "Reload the page and try again." })
  .int("Reload the page and try again.")
  .min(1, "Reload the page and try again.");

export const approveGapSchema = z.object({
  question: z
    .string({ error: "Write the question as callers ask it." })
    .trim()
    .min(3, "Write the question as callers ask it.")
    .max(300, "Use at most 300 characters for the question."),
  answer: z
    .string({ error: "Write the answer the agent should give." })
    .trim()
    .min(3, "Write the answer the agent should give.")
    .max(2000, "Use at most 2,000 characters for the answer."),
  /** The gap's version the admin saw (the page always sends it; the API may leave it out). */
  version: version.optional(),
});
export type ApproveGapInput = z.infer<typeof approveGapSchema>;

export const dismissGapSchema = z.object({
  reason: z
    .string({ error: "Say why, so your team knows." })
    .trim()
    .min(3, "Say why, so your team knows.")
    .max(300, "Use at most 300 characters."),
  version: version.optional(),
});
export type DismissGapInput = z.infer<typeof dismissGapSchema>;

/** What the review list shows: a status, or the open gaps snoozed for later. */
export const GAP_VIEWS = [...GAP_STATUSES, "snoozed"] as const;
export type GapView = (typeof GAP_VIEWS)[number];

const day = z.iso.date({ error: "Use a date like 2026-12-31." });

/** The review page's filters, read from its URL: anything unreadable falls back to "all". */
export const gapFilterSchema = z.object({
  status: z.enum(GAP_VIEWS, { error: "Choose a status from the list." }).catch("open"),
  language: z
    .enum(LEARNING_LANGUAGES, { error: "Choose English or French." })
    .optional()
    .catch(undefined),
  channel: z
    .enum(SIGNAL_CHANNELS, { error: "Choose a channel from the list." })
    .optional()
    .catch(undefined),
  /** Last asked on or after this day (UTC). */
  from: day.optional().catch(undefined),
  /** Last asked on or before this day (UTC). */
  to: day.optional().catch(undefined),
});
export type GapFilter = z.infer<typeof gapFilterSchema>;

/** POST /api/v1/learning/gaps/:id/approve: the answer, and the question when it is reworded. */
export const apiApproveGapSchema = approveGapSchema.partial({ question: true });

/** GET /api/v1/learning/gaps: the same filters, refused with a message rather than ignored. */
export const gapListQuerySchema = z
  .object({
    status: z
      .enum(GAP_VIEWS, { error: "Use open, snoozed, approved, dismissed or expired." })
      .default("open"),
    language: z.enum(LEARNING_LANGUAGES, { error: "Use en or fr." }).optional(),
    channel: z.enum(SIGNAL_CHANNELS, { error: "Use voice, sms, webchat or api." }).optional(),
    from: day.optional(),
    to: day.optional(),
    cursor: z.string({ error: "Use the nextCursor of a previous response." }).max(500).optional(),
    limit: z.coerce
      .number({ error: "Use a number from 1 to 100." })
      .int("Use a number from 1 to 100.")
      .min(1, "Use a number from 1 to 100.")
      .max(100, "Use a number from 1 to 100.")
      .default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "The first day must come before the last.",
    path: ["to"],
  })
  .refine((q) => !q.cursor || decodeGapCursor(q.cursor) !== null, {
    message: "Use the nextCursor of a previous response.",
    path: ["cursor"],
  });

/** Snoozes an open gap until a day (the org's midnight): it leaves the list until then. */
export const snoozeGapSchema = z.object({
  until: day.refine(
    (d) => {
      const at = Date.parse(`${d}T00:00:00Z`);
      const now = Date.now();
      return at > now - 86_400_000 && at <= now + 366 * 86_400_000;
    },
    { message: "Choose a day after today, at most a year ahead." },
  ),
  version: version.optional(),
});
export type SnoozeGapInput = z.infer<typeof snoozeGapSchema>;

export const versionOnlySchema = z.object({ version: version.optional() });

/** Merges the gap `from` into `into`: its questions move, it disappears. */
export const mergeGapsSchema = z.object({
  into: z.guid("Choose the gap to merge into."),
  version: version.optional(),
  intoVersion: version.optional(),
});
export type MergeGapsInput = z.infer<typeof mergeGapsSchema>;

/** Moves one question (signal) of a gap out into a gap of its own. */
export const moveSignalSchema = z.object({
  signalId: z.guid("This is not a valid question id."),
  version: version.optional(),
});
export type MoveSignalInput = z.infer<typeof moveSignalSchema>;

/** One gap of a bulk decision: its id and the version the admin saw, written "id:version". */
const bulkItem = z
  .string({ error: "Choose the gaps again." })
  .regex(/^[0-9a-f-]{36}:\d{1,9}$/i, "Choose the gaps again.")
  .transform((s) => {
    const [id, v] = s.split(":");
    return { id: id!, version: Number(v) };
  });

export const bulkDecisionSchema = z.discriminatedUnion(
  "decision",
  [
    z.object({
      decision: z.literal("approve"),
      gaps: z
        .array(bulkItem, { error: "Choose at least one gap." })
        .min(1, "Choose at least one gap.")
        .max(50, "Choose at most 50 gaps at once."),
    }),
    z.object({
      decision: z.literal("dismiss"),
      gaps: z
        .array(bulkItem, { error: "Choose at least one gap." })
        .min(1, "Choose at least one gap.")
        .max(50, "Choose at most 50 gaps at once."),
      reason: dismissGapSchema.shape.reason,
    }),
  ],
  { error: "Choose approve or dismiss." },
);
export type BulkDecisionInput = z.infer<typeof bulkDecisionSchema>;

const MAX_QUESTION = 2000;

/** POST /api/v1/learning/signals: a signal from outside Luneo (another channel, a QA tool). */
export const externalSignalSchema = z.object({
  question: z
    .string({ error: "Send the caller's question as text." })
    .trim()
    .min(3, "Send the caller's question (at least 3 characters).")
    .max(
      MAX_QUESTION,
      `Use at most ${MAX_QUESTION.toLocaleString("en")} characters for the question.`,
    ),
  outcome: z.enum(SIGNAL_OUTCOMES, {
    error: "Use answered, deflected, escalated, abandoned or negative.",
  }),
  language: z.enum(LEARNING_LANGUAGES, { error: "Use en or fr." }).optional(),
  conversationId: z.guid("This is not a valid conversation id.").optional(),
  contactId: z.guid("This is not a valid contact id.").optional(),
  occurredAt: z.iso
    .datetime({ offset: true, error: "Use an ISO 8601 date and time, like 2026-12-01T09:30:00Z." })
    .refine((d) => Date.parse(d) <= Date.now() + 300_000, "occurredAt cannot be in the future.")
    .optional(),
  externalId: z
    .string({ error: "Send your id as text." })
    .trim()
    .min(1, "Send your id as text.")
    .max(200, "Use at most 200 characters for externalId.")
    .optional(),
});
export type ExternalSignalInput = z.infer<typeof externalSignalSchema>;
