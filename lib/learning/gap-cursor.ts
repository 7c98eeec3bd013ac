import { z } from "zod";

// The review list's keyset cursor: the (impact, last seen, id) of the last gap of a page, opaque
// to the reader (base64url JSON). Pure, so the API's query schema can check a cursor it is sent.

const cursorSchema = z.object({ impact: z.number(), at: z.coerce.date(), id: z.uuid() });
export type GapCursor = z.infer<typeof cursorSchema>;

export function encodeGapCursor(c: GapCursor): string {
  return Buffer.from(
    JSON.stringify({ impact: c.impact, at: c.at.toISOString(), id: c.id }),
  ).toString("base64url");
}

/** null for anything that is not a cursor the list wrote. */
export function decodeGapCursor(raw: string | null | undefined): GapCursor | null {
  if (!raw) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
