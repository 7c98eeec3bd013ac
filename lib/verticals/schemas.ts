import { z } from "zod";
import { TEMPLATE_SLUGS } from "./templates";

export const selectVerticalSchema = z.object({
  slug: z.enum(TEMPLATE_SLUGS, { error: "Choose e-commerce or real estate." }),
  version: z
    .number({ error: "A version is a whole number from 1." })
    .int("A version is a whole number from 1.")
    .positive("A version is a whole number from 1.")
    .max(100_000, "No template has that many versions.")
    .optional(),
  /**
   * Switching trade: take the new template's opening hours instead of keeping the business's own
   * (kept unless the person ticks this in the preview).
   */
  templateHours: z.boolean().optional(),
});
export type SelectVerticalInput = z.infer<typeof selectVerticalSchema>;
