// GET/POST /api/auth/* – Auth.js (sign-in callbacks, session, CSRF token)
import { handlers } from "@/lib/auth/auth";

export const { GET, POST } = handlers;
