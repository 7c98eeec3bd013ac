import { z } from "zod";

// A message as the rest of Luneo hands it to the mailer. Checked before it is stored, so nothing
// that could smuggle a header (a CR or LF in the subject, a second address, a display name with
// angle brackets) ever reaches the outbox or the SMTP conversation.

const ONE_LINE = /^[^\r\n]*$/;

/** One plain address, nothing around it (no display name, no list, no line break). */
export const mailAddressSchema = z
  .email({ error: "not a single email address" })
  .max(254)
  .refine(
    (value) => ONE_LINE.test(value) && !/[<>,;"\s]/.test(value),
    "not a single email address",
  );

export const outgoingMailSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z_]{1,40}$/),
  to: mailAddressSchema,
  subject: z.string().min(1).max(200).regex(ONE_LINE, "a subject must be one line (no CR or LF)"),
  body: z.string().min(1).max(50_000),
});
export type OutgoingMail = z.infer<typeof outgoingMailSchema>;

/** For text put into a subject (an org's name): any run of whitespace, line breaks included, is one space. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export class InvalidMailError extends Error {
  override name = "InvalidMailError";
}

/** Parses or throws an error that names the fields, never their values (they are personal data). */
export function parseOutgoingMail(input: OutgoingMail): OutgoingMail {
  const parsed = outgoingMailSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
    throw new InvalidMailError(`refused to queue a message with an invalid ${fields}`);
  }
  return parsed.data;
}
