import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? null : v))
  .nullable()
  .optional();

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Phone numbers as typed: one per line or comma-separated, each in international format. A bad
 * number is reported on the field itself (`phoneNumbers`, naming the number), not on an index
 * (`phoneNumbers.1`) the form has no input for.
 */
const phoneList = z
  .string()
  .trim()
  .transform((v) => v.split(/[\s,;]+/).filter(Boolean))
  .pipe(
    z
      .array(z.string())
      .min(1, "Add at least one phone number bought on Twilio.")
      .superRefine((numbers, ctx) => {
        const bad = numbers.filter((n) => !E164.test(n));
        if (bad.length === 0) return;
        ctx.addIssue({
          code: "custom",
          message: `${bad.map((n) => `“${n.length > 20 ? `${n.slice(0, 20)}…` : n}”`).join(", ")} ${bad.length === 1 ? "is" : "are"} not in international format. Write each number like +14155552671.`,
        });
      }),
  );

export const twilioConnectionSchema = z.object({
  accountSid: z
    .string()
    .trim()
    .regex(
      /^AC[0-9a-f]{32}$/,
      "An Account SID starts with AC followed by 32 characters (Twilio console → Account info).",
    ),
  // Empty on an existing connection means "keep the saved token".
  authToken: z
    .string()
    .trim()
    .regex(
      /^([0-9a-f]{32})?$/,
      "An Auth Token is 32 letters and digits (Twilio console → Account info).",
    )
    .optional()
    .transform((v) => v || null),
  phoneNumbers: phoneList,
  fallbackNumber: optionalText.pipe(
    z
      .string()
      .regex(E164, "Write the number in international format, like +14155552671.")
      .nullable()
      .optional(),
  ),
});
export type TwilioConnectionInput = z.infer<typeof twilioConnectionSchema>;

const headerName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]{1,64}$/, "A header name has letters, digits and dashes only.");

export const vapiConnectionSchema = z
  .object({
    authMode: z.enum(["x-vapi-secret", "bearer", "hmac"], {
      error: "Choose how VAPI authenticates.",
    }),
    secret: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .pipe(z.string().min(16, "Use a secret of at least 16 characters.").max(256).nullable()),
    signatureHeader: optionalText.pipe(headerName.nullable().optional()),
    timestampHeader: optionalText.pipe(headerName.nullable().optional()),
    assistantId: optionalText.pipe(z.string().max(100).nullable().optional()),
    // Optional: VAPI's private API key, only to check the credentials (Settings → Health). Empty
    // keeps the saved one.
    apiKey: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .pipe(
        z
          .string()
          .min(
            20,
            "A VAPI private API key is a long string (VAPI dashboard → Organization → API Keys).",
          )
          .max(200, "Use at most 200 characters.")
          .regex(/^[\x21-\x7e]+$/, "Paste the key alone, without spaces.")
          .nullable(),
      )
      .optional(),
    sipAddress: optionalText.pipe(
      z
        .string()
        .regex(/^sips?:[^\s@]+@[^\s]+$/, "A SIP address looks like sip:your-agent@sip.vapi.ai.")
        .nullable()
        .optional(),
    ),
  })
  .transform((v) => ({
    ...v,
    signatureHeader: v.authMode === "hmac" ? (v.signatureHeader ?? "x-signature") : null,
    timestampHeader: v.authMode === "hmac" ? (v.timestampHeader ?? null) : null,
  }));
export type VapiConnectionInput = z.infer<typeof vapiConnectionSchema>;
