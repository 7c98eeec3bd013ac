// GET /api/v1/memory/jobs/[id] – the state of a summary job this organisation requested (scope memory:read)
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { route } from "@/lib/http/route";
import { getSummaryJob, type MemoryJobStatus } from "@/lib/memory/queries";
import { idSchema } from "@/lib/memory/schemas";
import { parseInput } from "@/lib/parse-input";

export type SummaryJobResponse = { data: MemoryJobStatus };

export const GET = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "memory:read");
  const { id } = parseInput(z.object({ id: idSchema }), await params);
  const body: SummaryJobResponse = { data: await getSummaryJob(ctx, id) };
  return Response.json(body);
});
