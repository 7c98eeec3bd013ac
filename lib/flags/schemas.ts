import { z } from "zod";
import { FLAG_KEYS } from "./registry";

// What /staff/flags takes: one org's override of one flag.

export const flagOverrideSchema = z.object({
  orgId: z.uuid({ error: "Choose an org from the list." }),
  key: z.enum(FLAG_KEYS as [string, ...string[]], { error: "Choose a flag from the list." }),
  /** on / off pin the flag for the org; "posthog" removes the pin. */
  value: z.enum(["on", "off", "posthog"], {
    error: "Choose on, off, or “as PostHog says”.",
  }),
});
export type FlagOverrideInput = z.infer<typeof flagOverrideSchema>;
