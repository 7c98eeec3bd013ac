// GET /api/v1/learning/gaps/[id] – one gap with its signals (scope learning:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { API_SIGNALS_LIMIT, apiGap, gapParamsSchema, type GapResponse } from "@/lib/learning/http";
import { getGap } from "@/lib/learning/queries";

export type { GapResponse };

export const GET = apiRoute(
  { scope: "learning:read", flag: FLAGS.learning.key, params: gapParamsSchema },
  async ({ ctx, params }) => {
    const { gap, examples } = await getGap(ctx, params.id, { examples: API_SIGNALS_LIMIT });
    const body: GapResponse = {
      data: {
        ...apiGap(gap),
        signals: examples.map((e) => ({
          id: e.id,
          question: e.question,
          outcome: e.outcome,
          conversationId: e.conversationId,
          occurredAt: e.occurredAt.toISOString(),
        })),
      },
    };
    return Response.json(body);
  },
);
