// GET /api/health – liveness: the process is up and serving (touches nothing else)
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
}
