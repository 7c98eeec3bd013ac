// GET /api/metrics – platform metrics in Prometheus' text format (Bearer METRICS_TOKEN; 404 without one set)
import { metricsAuthorised, renderMetrics } from "@/lib/health/metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const allowed = metricsAuthorised(request.headers.get("authorization"));
  if (allowed === "disabled") return new Response("Not found.", { status: 404 });
  if (!allowed) {
    return new Response("A valid metrics token is required.", {
      status: 401,
      headers: { "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, {
    headers: { "content-type": contentType, "cache-control": "no-store" },
  });
}
