import { z } from "zod";
import { FACT_KEY_MAX_CHARS, FACT_VALUE_MAX_CHARS, normaliseFactKey } from "./summariser";

// Input of an admin's correction, shared by the fact editor and the server.

export const factKeySchema = z
  .string({ error: "Name the fact, e.g. budget or order_number." })
  .trim()
  .min(1, "Name the fact, e.g. budget or order_number.")
  .max(FACT_KEY_MAX_CHARS, `Use at most ${FACT_KEY_MAX_CHARS} characters.`)
  .transform((key, ctx) => {
    const normalised = normaliseFactKey(key);
    if (!normalised) {
      ctx.addIssue({ code: "custom", message: "Use letters or digits, e.g. budget." });
      return z.NEVER;
    }
    return normalised;
  });

export const correctFactSchema = z.object({
  key: factKeySchema,
  value: z
    .string({ error: "Enter what Luneo should remember." })
    .trim()
    .min(1, "Enter what Luneo should remember.")
    .max(FACT_VALUE_MAX_CHARS, `Use at most ${FACT_VALUE_MAX_CHARS} characters.`),
});
export type CorrectFactInput = z.infer<typeof correctFactSchema>;

/** Ids in URLs and actions: any 8-4-4-4-12 hex id (seeded ids are not all RFC 4122 versions). */
export const idSchema = z.guid("This is not a valid id.");
