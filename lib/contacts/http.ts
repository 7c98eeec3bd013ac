import { z } from "zod";
import { contactFilterSchema, filterInputFromSearchParams } from "./filters";
import { decodeListCursor, type ContactListRow } from "./queries";

// What the contacts module's HTTP routes read and answer: query schemas and response bodies
// (app/api/v1/contacts/**, the contact page's timeline). Routes import these; clients and tests
// import the response types from here, not from a route file.

const LIMIT = "The limit is a whole number from 1 to 100.";

/**
 * GET /api/v1/contacts: the list page's filter (same parameter names), plus the page. A cursor is
 * only ever one this endpoint returned, so a mangled one is an error here rather than a silent
 * restart from page one.
 */
export const apiListQuerySchema = contactFilterSchema
  .extend({
    cursor: z.string().optional(),
    limit: z
      .string()
      .regex(/^[1-9]\d{0,2}$/, LIMIT)
      .transform(Number)
      .refine((n) => n <= 100, LIMIT)
      .default(50),
  })
  .refine((q) => !q.cursor || decodeListCursor(q.cursor, q.sort) !== null, {
    message: "Use the nextCursor of a previous response, with the same sort.",
    path: ["cursor"],
  });

/** The list's query string as apiListQuerySchema reads it (empty parameters count as absent). */
export function readApiListQuery(search: URLSearchParams): Record<string, unknown> {
  return {
    ...filterInputFromSearchParams(search),
    cursor: search.get("cursor") || undefined,
    limit: search.get("limit") || undefined,
  };
}

export type ApiContact = Omit<ContactListRow, "lastInteractionAt" | "createdAt"> & {
  /** ISO 8601; null when nobody has been in touch yet. */
  lastInteractionAt: string | null;
  createdAt: string;
};
export type ContactsListResponse = { data: ApiContact[]; nextCursor: string | null };
export type CreateContactResponse = { data: { id: string; created: boolean } };
export type UpdateProfileResponse = { data: { id: string; changed: string[] } };

export const toApiContact = (row: ContactListRow): ApiContact => ({
  id: row.id,
  name: row.name,
  phoneE164: row.phoneE164,
  email: row.email,
  tags: row.tags,
  leadStatus: row.leadStatus,
  leadFields: row.leadFields,
  lastInteractionAt: row.lastInteractionAt?.toISOString() ?? null,
  channels: row.channels,
  createdAt: row.createdAt.toISOString(),
});

/**
 * GET /contacts/[id]/timeline: `?cursor=…&limit=…`. A limit that is not a positive number is
 * ignored (the page's default applies), as the contact page only ever sends its own.
 */
export const timelineQuerySchema = z.object({
  cursor: z.string().optional(),
  limit: z
    .string()
    .optional()
    .transform((value) => {
      const n = Number(value);
      return Number.isFinite(n) && n > 0 ? n : undefined;
    }),
});
