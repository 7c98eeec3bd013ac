import { z } from "zod";

// Every product analytics event Luneo sends to PostHog, with the only properties it may carry
// (docs/adr/0012). Properties are enums, numbers and booleans: no free text, so no phone number,
// email, name or transcript can ride along. An event is about an org (PostHog group
// `organization`), never about a person: there is no person profile and no user id.

const provider = z.enum(["twilio", "vapi"], { error: "Choose twilio or vapi." });

export const PRODUCT_EVENTS = {
  "org signed up": z.strictObject({}),
  "wizard step completed": z.strictObject({
    step: z.enum(["profile", "vertical", "customize", "connect", "value", "done"], {
      error: "Choose a step of the setup wizard.",
    }),
    /** "deferred" when the step was left for later (connecting the channels). */
    outcome: z.enum(["saved", "deferred"], { error: "Choose saved or deferred." }).optional(),
  }),
  "channel connected": z.strictObject({ provider }),
  "first event received": z.strictObject({ provider }),
  // For the modules being built beside this one (learning, ROI): wired when they merge.
  "gap approved": z.strictObject({}),
  "roi viewed": z.strictObject({}),
} as const;

export type ProductEvent = keyof typeof PRODUCT_EVENTS;
export type EventProperties<E extends ProductEvent> = z.input<(typeof PRODUCT_EVENTS)[E]>;

/** What PostHog is told about an org (groupIdentify): its trade and when it joined, nothing else. */
const orgGroupProperties = z.strictObject({
  vertical: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "Use a template slug.")
    .nullable(),
  created_at: z.iso.datetime({ error: "Use an ISO date and time." }),
});
export type OrgGroupProperties = z.infer<typeof orgGroupProperties>;

/** Checked again just before sending (the types already hold it): a bad value is a bug, refused. */
export function checkedGroupProperties(value: OrgGroupProperties): OrgGroupProperties {
  return orgGroupProperties.parse(value);
}
