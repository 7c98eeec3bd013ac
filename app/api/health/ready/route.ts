// GET /api/health/ready – readiness: database reachable and migrations current (503 otherwise)
import { checkReadiness } from "@/lib/db/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503 });
}
