// GET, POST /api/v1/contacts – list the org's contacts by filter (contacts:read); create one, idempotently (contacts:write)
import {
  apiListQuerySchema,
  readApiListQuery,
  toApiContact,
  type ContactsListResponse,
  type CreateContactResponse,
} from "@/lib/contacts/http";
import { listContactsRecorded } from "@/lib/contacts/recorded-reads";
import { createContactSchema } from "@/lib/contacts/profile/schemas";
import { createContact } from "@/lib/contacts/profile/service";
import { apiRoute } from "@/lib/http/api-route";

export type { ApiContact, ContactsListResponse, CreateContactResponse } from "@/lib/contacts/http";

export const GET = apiRoute(
  { scope: "contacts:read", query: apiListQuerySchema, readQuery: readApiListQuery },
  async ({ ctx, query: { cursor, limit, ...filter } }) => {
    const page = await listContactsRecorded(ctx, filter, { cursor, limit });
    return Response.json({
      data: page.rows.map(toApiContact),
      nextCursor: page.nextCursor,
    } satisfies ContactsListResponse);
  },
);

export const POST = apiRoute(
  { scope: "contacts:write", body: createContactSchema },
  async ({ ctx, body }) => {
    const result = await createContact(ctx, body);
    return Response.json({ data: result } satisfies CreateContactResponse, {
      status: result.created ? 201 : 200,
    });
  },
);
