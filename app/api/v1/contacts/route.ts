// GET, POST /api/v1/contacts – list the org's contacts by filter (contacts:read); create one, idempotently (contacts:write)
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { contactFilterSchema, filterInputFromSearchParams } from "@/lib/contacts/filters";
import { decodeListCursor, type ContactListRow } from "@/lib/contacts/queries";
import { listContactsRecorded } from "@/lib/contacts/reading";
import { createContactSchema } from "@/lib/contacts/schemas";
import { createContact } from "@/lib/contacts/service";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";
import { parseInput } from "@/lib/parse-input";

const LIMIT = "The limit is a whole number from 1 to 100.";

// The list page's filter (same parameter names), plus the page: a cursor is only ever one this
// endpoint returned, so a mangled one is an error here rather than a silent restart from page one.
const listQuerySchema = contactFilterSchema
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

export type ApiContact = Omit<ContactListRow, "lastInteractionAt" | "createdAt"> & {
  /** ISO 8601; null when nobody has been in touch yet. */
  lastInteractionAt: string | null;
  createdAt: string;
};
export type ContactsListResponse = { data: ApiContact[]; nextCursor: string | null };
export type CreateContactResponse = { data: { id: string; created: boolean } };

const toApi = (row: ContactListRow): ApiContact => ({
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

export const GET = route(async (request) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "contacts:read");
  const { searchParams } = new URL(request.url);
  const { cursor, limit, ...filter } = parseInput(listQuerySchema, {
    ...filterInputFromSearchParams(searchParams),
    cursor: searchParams.get("cursor") || undefined,
    limit: searchParams.get("limit") || undefined,
  });
  const page = await listContactsRecorded(ctx, filter, { cursor, limit });
  const body: ContactsListResponse = { data: page.rows.map(toApi), nextCursor: page.nextCursor };
  return Response.json(body);
});

export const POST = route(async (request) => {
  // The key first: a caller without one learns nothing, not even what the body should hold.
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "contacts:write");
  const input = parseInput(createContactSchema, await readJsonBody(request));
  const result = await createContact(ctx, input);
  const body: CreateContactResponse = { data: result };
  return Response.json(body, { status: result.created ? 201 : 200 });
});
