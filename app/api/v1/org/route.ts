// GET /api/v1/org – the API key's organisation (scope org:read)
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute({ scope: "org:read" }, async ({ ctx }) =>
  Response.json({ data: { id: ctx.org.id, name: ctx.org.name, slug: ctx.org.slug } }),
);
