import { z } from "zod";
import type { VerticalContent } from "./content";
import type { OrgVerticalConfig, TemplateSummary } from "./queries";
import type { TemplateSlug } from "./templates";

// What the verticals module's /api/v1 routes read and answer (app/api/v1/verticals/**).

const VERSION = "A version is a whole number from 1.";

/** GET /api/v1/verticals/[slug]?version=N. */
export const templateQuerySchema = z.object({
  // Digits only (no "1e3", "0x1", " 2"), and at most nine of them so the number fits the integer column.
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, VERSION)
    .transform(Number)
    .optional(),
});

export type TemplateResponse = {
  data: { slug: TemplateSlug; version: number; content: VerticalContent };
};
export type TemplatesResponse = { data: TemplateSummary[] };
export type VerticalConfigResponse = {
  data: Pick<OrgVerticalConfig, "template" | "overrides" | "resolved">;
};
export type SelectVerticalResponse = {
  data: { slug: TemplateSlug; version: number; droppedOverrides: string[] };
};
