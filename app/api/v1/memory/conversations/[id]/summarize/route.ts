// POST /api/v1/memory/conversations/[id]/summarize – summarise a conversation into its contact's memory now (scope memory:write)
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { route } from "@/lib/http/route";
import { idSchema } from "@/lib/memory/schemas";
import { requestSummary } from "@/lib/memory/service";
import { parseInput } from "@/lib/parse-input";

export type SummariseResponse = {
  data: { jobId: string; state: "created"; stateUrl: string };
};

// No body: the conversation is the resource. Answered 202: the job runs in the background, and
// its state is read at stateUrl.
export const POST = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await authenticateApiKey(request.headers.get("authorization"), "memory:write");
  const { id } = parseInput(z.object({ id: idSchema }), await params);
  const { jobId } = await requestSummary(ctx, id);
  const body: SummariseResponse = {
    data: { jobId, state: "created", stateUrl: `/api/v1/memory/jobs/${jobId}` },
  };
  return Response.json(body, { status: 202 });
});
