import { z } from "zod";

// Keyset cursors: (timestamp, id) of the last row seen, opaque to the browser. The timestamp
// column must have millisecond precision (`timestamp({ precision: 3 })`): the cursor holds a JS Date.
const cursorSchema = z.object({ at: z.coerce.date(), id: z.uuid() });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at.toISOString(), id: cursor.id })).toString(
    "base64url",
  );
}

/** A malformed cursor reads as "from the start" rather than an error: it only ever comes from a link. */
export function decodeCursor(raw: string | null | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(Buffer.from(raw, "base64url").toString("utf8")),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
