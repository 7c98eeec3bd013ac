// GET/POST /api/auth/* – Auth.js (sign-in callbacks, session, CSRF token)
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { getSignedInUser } from "@/lib/auth/session";

export const { POST } = handlers;

// Auth.js answers GET /api/auth/session from the token alone; a revoked token (signed out, password
// changed) must read as signed out here too, exactly as Auth.js answers without a session.
export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/session") && !(await getSignedInUser())) {
    return Response.json(null);
  }
  return handlers.GET(request);
}
