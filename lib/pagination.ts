import { and, eq, lt, or, type AnyColumn, type SQL } from "drizzle-orm";
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

/** The keyset condition of a newest-first list (`at desc, id desc`): the rows after `cursor`. */
export function olderThan(at: AnyColumn, id: AnyColumn, cursor: Cursor | null): SQL | undefined {
  return cursor ? or(lt(at, cursor.at), and(eq(at, cursor.at), lt(id, cursor.id))) : undefined;
}

/** A page from rows fetched with `limit + 1`: the first `limit`, and the cursor after them if more. */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Cursor,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
