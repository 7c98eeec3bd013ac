// GET /api/v1/org – the API key's organisation (scope org:read)
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { route } from "@/lib/http/route";

export const GET = route(async (request) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "org:read");
  return Response.json({ data: { id: ctx.org.id, name: ctx.org.name, slug: ctx.org.slug } });
});
