// POST /api/v1/actions/execute – run or dry-run one action, once per Idempotency-Key (actions:execute). docs/api/actions.md
import { executeAction } from "@/lib/agent-actions/execute";
import { apiIdempotencyKey, type ApiExecuteResponse } from "@/lib/agent-actions/http";
import { executeRequestSchema } from "@/lib/agent-actions/schemas";
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";

export const POST = apiRoute(
  { scope: "actions:execute", flag: FLAGS.actions.key, body: executeRequestSchema },
  async ({ ctx, body, request }) => {
    const answer = await executeAction(ctx, {
      ...body,
      source: "api",
      idempotencyKey: apiIdempotencyKey(ctx, request.headers.get("idempotency-key")),
    });
    return Response.json({ data: answer } satisfies ApiExecuteResponse, {
      status: answer.status === "pending_approval" ? 202 : 200,
    });
  },
);
