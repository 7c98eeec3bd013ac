// GET /api/v1/verticals/[slug] – one vertical template, its latest version or ?version=N (scope verticals:read)
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { parseInput } from "@/lib/parse-input";
import { route } from "@/lib/http/route";
import type { VerticalContent } from "@/lib/verticals/content";
import { getTemplate } from "@/lib/verticals/queries";
import type { TemplateSlug } from "@/lib/verticals/templates";

// Static siblings (templates, select, config) win over this segment in Next's routing, so no
// template can be named like them. Only GET is exported: any other method answers 405.

const VERSION = "A version is a whole number from 1.";
// Digits only (no "1e3", "0x1", " 2"), and at most nine of them so the number fits the integer column.
const querySchema = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, VERSION)
    .transform(Number)
    .optional(),
});

export type TemplateResponse = {
  data: { slug: TemplateSlug; version: number; content: VerticalContent };
};

export const GET = route(async (request, { params }: { params: Promise<{ slug: string }> }) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "verticals:read");
  const { searchParams } = new URL(request.url);
  const { version } = parseInput(querySchema, {
    version: searchParams.get("version") ?? undefined,
  });
  const template = await getTemplate(ctx, (await params).slug, version);
  const body: TemplateResponse = { data: template };
  return Response.json(body);
});
