// POST /api/v1/learning/signals – a learning signal from outside Luneo, clustered like ingested ones (scope learning:write)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { recordExternalSignal } from "@/lib/learning/external-signals";
import { apiExternalSignal, type SignalResponse } from "@/lib/learning/http";
import { externalSignalSchema } from "@/lib/learning/schemas";

export type { SignalResponse };

// Answered 202 (the learning.place job clusters it), the first signal's body again when its
// externalId was already sent.
export const POST = apiRoute(
  { scope: "learning:write", flag: FLAGS.learning.key, body: externalSignalSchema },
  async ({ ctx, body }) => {
    const { signal } = await recordExternalSignal(ctx, body);
    const response: SignalResponse = { data: apiExternalSignal(signal) };
    return Response.json(response, { status: 202 });
  },
);
