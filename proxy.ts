import { NextResponse, type NextRequest } from "next/server";
import { discardBody } from "@/lib/http/body";
import { FOREIGN_ORIGIN_MESSAGE, isForeignOrigin } from "@/lib/http/same-origin";

// proxy.ts (Next 16's middleware) only redirects and stamps headers. It never decides access:
// every page, action and route checks the session and permission on the server again.

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];
const PUBLIC_PREFIXES = [
  "/sign-in",
  "/sign-up",
  "/invite",
  "/api",
  "/status",
  // Links from account emails work signed out (/verify-email itself then sends to sign-in).
  "/forgot-password",
  "/reset-password",
  "/verify-email",
  // Not public: the staff layout answers 404 to anyone who is not staff, signed out included, so a
  // redirect to sign-in would be the only sign that the area exists (docs/adr/0011).
  "/staff",
];

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // React's dev build evaluates code; production scripts run only with this request's nonce.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** next.config.mjs `serverActions.bodySizeLimit`: Next answers 500 above it, this answers 413. */
const MAX_ACTION_BODY_BYTES = 1024 * 1024;

const refuse = (status: number, message: string) =>
  new NextResponse(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
  });

/** Server actions (POSTs to pages) refused before Next, which would answer both with a 500. */
async function refuseAction(request: NextRequest): Promise<NextResponse | null> {
  const { pathname } = request.nextUrl;
  const isAction =
    request.method === "POST" &&
    (request.headers.has("next-action") || !pathname.startsWith("/api/"));
  if (!isAction) return null;
  if (isForeignOrigin(request.headers)) return refuse(403, FOREIGN_ORIGIN_MESSAGE);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_ACTION_BODY_BYTES) {
    await discardBody(request);
    return refuse(
      413,
      "This form sent more than 1 MB, more than any form here takes. Shorten what you typed and try again.",
    );
  }
  return null;
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const refused = await refuseAction(request);
  if (refused) return refused;
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const isPublic = pathname === "/" || PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));

  if (!signedIn && !isPublic) {
    const url = new URL("/sign-in", request.url);
    url.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(url);
  }
  if (pathname === "/") {
    return NextResponse.redirect(new URL(signedIn ? "/dashboard" : "/sign-in", request.url));
  }

  const requestId = validRequestId(request.headers.get("x-request-id")) ?? crypto.randomUUID();
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  headers.set("x-nonce", nonce);
  // For the dashboard layout's 404 check (lib/http/missing-document.ts); set here, never trusted
  // from the client.
  headers.set("x-pathname", pathname);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  headers.set("content-security-policy", csp);

  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

// Accept an upstream id (load balancer) only when it looks like one, so logs cannot be forged.
function validRequestId(value: string | null): string | null {
  return value && /^[A-Za-z0-9-]{8,64}$/.test(value) ? value : null;
}

export const config = {
  matcher: [
    {
      // Webhooks are machine-to-machine: no session, no page, so no CSP nonce or redirect — and
      // skipping the proxy keeps it off the hottest path (bench/README.md). The files of public/
      // are for anyone (crawlers, mail clients showing the logo): never sent to sign-in.
      source:
        "/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|brand/|api/webhooks/).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
