import { z } from "zod";
import { COMPONENT_IDS, INCIDENT_STATUSES } from "@/db/schema/health";

// The health module's inputs, with messages for the person who typed them.

const words = (max: number, what: string) =>
  z
    .string({ error: `Write the ${what}.` })
    .trim()
    .min(1, `Write the ${what}.`)
    .max(max, `Use at most ${max} characters.`);

export const openIncidentSchema = z.object({
  title: words(120, "title people will see"),
  component: z
    .enum(["", ...COMPONENT_IDS], { error: "Choose a component, or none." })
    .optional()
    .transform((v) => (v ? v : null)),
  impact: z.enum(["degraded_performance", "partial_outage", "major_outage"], {
    error: "Choose how bad it is.",
  }),
  body: words(2000, "first update"),
});
export type OpenIncidentInput = z.infer<typeof openIncidentSchema>;

export const incidentUpdateSchema = z.object({
  incidentId: z.uuid({ error: "This incident does not exist." }),
  status: z.enum(INCIDENT_STATUSES, { error: "Choose the incident's status." }),
  body: words(2000, "update"),
});
export type IncidentUpdateInput = z.infer<typeof incidentUpdateSchema>;

export const postmortemSchema = z.object({
  incidentId: z.uuid({ error: "This incident does not exist." }),
  postmortem: words(20_000, "postmortem"),
});
export type PostmortemInput = z.infer<typeof postmortemSchema>;

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal(""), z.boolean()])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

export const healthSettingsSchema = z.object({
  statusPageEnabled: checkbox,
  alertWebhookUrl: z
    .string()
    .trim()
    .max(2000, "Use a URL of at most 2000 characters.")
    .optional()
    .transform((v) => v || null)
    .pipe(
      z
        .url({
          protocol: /^https?$/,
          error: "Write a full http(s) address, like https://hooks.example.com/luneo.",
        })
        .refine(
          (v) => !/^[a-z]+:\/\/[^/]*@/i.test(v),
          "Leave the user name and password out of the URL.",
        )
        .nullable(),
    ),
});
export type HealthSettingsInput = z.infer<typeof healthSettingsSchema>;

export const incidentListSchema = z.object({
  status: z.enum(["open", "resolved"], { error: "Use status=open or status=resolved." }).optional(),
  cursor: z.string().max(200).optional(),
});
