import { z } from "zod";

// What the merge page sends: which contact stays and which one is merged into it.
export const mergeInputSchema = z.object({
  survivorId: z.uuid({ error: "Choose the contact to keep." }),
  mergedId: z.uuid({ error: "Choose the contact to merge." }),
});
export type MergeInput = z.infer<typeof mergeInputSchema>;

export const mergeIdSchema = z.uuid({ error: "Unknown merge." });
