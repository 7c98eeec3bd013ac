// GET /api/v1/memory/contacts/[id] – what Luneo remembers of one contact, each fact with its origin (scope memory:read)
import { apiRoute } from "@/lib/http/api-route";
import { idParamsSchema, type ContactMemoryResponse } from "@/lib/memory/http";
import { getContactMemory } from "@/lib/memory/queries";

export type { ContactMemoryResponse };

export const GET = apiRoute(
  { scope: "memory:read", params: idParamsSchema },
  async ({ ctx, params }) => {
    const { timezone: _timezone, ...memory } = await getContactMemory(ctx, params.id);
    return Response.json({ data: memory } satisfies ContactMemoryResponse);
  },
);
