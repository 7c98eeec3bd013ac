// GET /api/v1/memory/contacts/[id] – what Luneo remembers of one contact, each fact with its origin (scope memory:read)
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { route } from "@/lib/http/route";
import { getContactMemory, type ContactMemoryView } from "@/lib/memory/queries";
import { idSchema } from "@/lib/memory/schemas";
import { parseInput } from "@/lib/parse-input";

export type ContactMemoryResponse = { data: Omit<ContactMemoryView, "timezone"> };

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "memory:read");
  const { id } = parseInput(z.object({ id: idSchema }), await params);
  const { timezone: _timezone, ...memory } = await getContactMemory(ctx, id);
  const body: ContactMemoryResponse = { data: memory };
  return Response.json(body);
});
