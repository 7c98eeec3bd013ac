// GET /api/v1/health – each component with its status, since when and why; open incidents with their updates (scope health:read)
import { FLAGS } from "@/lib/flags/registry";
import { apiRoute } from "@/lib/http/api-route";
import { worstOf } from "@/lib/health/compute";
import { toApiHealth, type HealthResponse } from "@/lib/health/http";
import { getHealthForApi } from "@/lib/health/queries";

export type { HealthResponse } from "@/lib/health/http";

export const GET = apiRoute(
  { scope: "health:read", flag: FLAGS.statusPage.key },
  async ({ ctx }) => {
    const health = await getHealthForApi(ctx);
    const worst = worstOf(health.components.filter((c) => c.applicable).map((c) => c.status));
    return Response.json(toApiHealth(health, worst) satisfies HealthResponse);
  },
);
