import { z } from "zod";
import { GAP_STATUSES, LEARNING_LANGUAGES } from "@/db/schema/learning";

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

export const gapFilterSchema = z.object({
  status: z.enum(GAP_STATUSES, { error: "Choose a status from the list." }).catch("open"),
  language: z
    .enum(LEARNING_LANGUAGES, { error: "Choose English or French." })
    .optional()
    .catch(undefined),
});
export type GapFilter = z.infer<typeof gapFilterSchema>;

/** POST /api/v1/learning/gaps/:id/approve: the answer, and the question when it is reworded. */
export const apiApproveGapSchema = approveGapSchema.partial({ question: true });

export const gapListQuerySchema = z.object({
  status: z
    .enum(GAP_STATUSES, { error: "Use open, approved, dismissed or expired." })
    .default("open"),
  language: z.enum(LEARNING_LANGUAGES, { error: "Use en or fr." }).optional(),
});
