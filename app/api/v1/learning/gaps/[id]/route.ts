// GET /api/v1/learning/gaps/[id] – one gap with all of its signals (scope learning:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { apiGap, gapParamsSchema, type GapResponse } from "@/lib/learning/http";
import { getGapWithSignals } from "@/lib/learning/queries";

export type { GapResponse };

export const GET = apiRoute(
  { scope: "learning:read", flag: FLAGS.learning.key, params: gapParamsSchema },
  async ({ ctx, params }) => {
    const { gap, signals } = await getGapWithSignals(ctx, params.id);
    const body: GapResponse = {
      data: {
        ...apiGap(gap),
        signals: signals.map((s) => ({
          id: s.id,
          question: s.question,
          outcome: s.outcome,
          conversationId: s.conversationId,
          occurredAt: s.occurredAt.toISOString(),
        })),
      },
    };
    return Response.json(body);
  },
);
