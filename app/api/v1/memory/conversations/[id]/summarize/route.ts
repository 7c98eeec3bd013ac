// POST /api/v1/memory/conversations/[id]/summarize – summarise a conversation into its contact's memory now (scope memory:write)
import { apiRoute } from "@/lib/http/api-route";
import { idParamsSchema, type SummariseResponse } from "@/lib/memory/http";
import { requestSummary } from "@/lib/memory/service";

export type { SummariseResponse };

// No body: the conversation is the resource. Answered 202: the job runs in the background, and
// its state is read at stateUrl.
export const POST = apiRoute(
  { scope: "memory:write", params: idParamsSchema },
  async ({ ctx, params }) => {
    const { jobId } = await requestSummary(ctx, params.id);
    const body: SummariseResponse = {
      data: { jobId, state: "created", stateUrl: `/api/v1/memory/jobs/${jobId}` },
    };
    return Response.json(body, { status: 202 });
  },
);
