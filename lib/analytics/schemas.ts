import { z } from "zod";

// Settings → Privacy: whether the org is counted in Luneo's product analytics.
export const analyticsPreferenceSchema = z.object({
  share: z.enum(["yes", "no"], { error: "Choose whether Luneo may count this organisation." }),
});
export type AnalyticsPreferenceInput = z.infer<typeof analyticsPreferenceSchema>;
