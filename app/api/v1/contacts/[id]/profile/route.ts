// PATCH /api/v1/contacts/[id]/profile – change a contact's profile; fields left out stay as they are (scope contacts:write)
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { profileSchema } from "@/lib/contacts/schemas";
import { updateContactProfile } from "@/lib/contacts/service";
import { readJsonBody } from "@/lib/http/json-body";
import { route } from "@/lib/http/route";
import { parseInput } from "@/lib/parse-input";

export type UpdateProfileResponse = { data: { id: string; changed: string[] } };

export const PATCH = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "contacts:write");
  const input = parseInput(profileSchema, await readJsonBody(request));
  const { id, changed } = await updateContactProfile(ctx, (await params).id, input);
  const body: UpdateProfileResponse = { data: { id, changed } };
  return Response.json(body);
});
