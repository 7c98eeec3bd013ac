import { z } from "zod";
import { TEMPLATE_SLUGS } from "./templates";

export const selectVerticalSchema = z.object({
  slug: z.enum(TEMPLATE_SLUGS, { error: "Choose e-commerce or real estate." }),
  version: z.coerce.number().int().positive("A version is a whole number from 1.").optional(),
});
export type SelectVerticalInput = z.infer<typeof selectVerticalSchema>;
