// PATCH /api/v1/contacts/[id]/profile – change a contact's profile; fields left out stay as they are (scope contacts:write)
import type { UpdateProfileResponse } from "@/lib/contacts/http";
import { profileSchema } from "@/lib/contacts/profile/schemas";
import { updateContactProfile } from "@/lib/contacts/profile/service";
import { apiRoute } from "@/lib/http/api-route";

export type { UpdateProfileResponse };

export const PATCH = apiRoute(
  { scope: "contacts:write", body: profileSchema },
  async ({ ctx, params, body }) => {
    const { id, changed } = await updateContactProfile(ctx, params.id!, body);
    return Response.json({ data: { id, changed } } satisfies UpdateProfileResponse);
  },
);
