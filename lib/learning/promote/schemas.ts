import { z } from "zod";
import { LEARNING_LANGUAGES } from "@/db/schema/learning";
import { TEMPLATE_SLUGS } from "@/lib/verticals/templates";

// Staff's answer to a question a trade's agents cannot answer, promoted into the trade's template.

export const promoteAnswerSchema = z.object({
  vertical: z.enum(TEMPLATE_SLUGS, { error: "Choose a trade from the list." }),
  language: z.enum(LEARNING_LANGUAGES, { error: "Choose English or French." }),
  question: z
    .string({ error: "The question is missing: reload the page." })
    .trim()
    .min(3, "The question is missing: reload the page.")
    .max(300, "Use at most 300 characters for the question."),
  answer: z
    .string({ error: "Write the answer every agent of the trade should give." })
    .trim()
    .min(3, "Write the answer every agent of the trade should give.")
    .max(2000, "Use at most 2,000 characters for the answer."),
});
export type PromoteAnswerInput = z.infer<typeof promoteAnswerSchema>;
