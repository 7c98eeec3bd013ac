import "server-only";
import { consumePoint, lazy, postgresLimiter, type ConsumeResult } from "@/lib/auth/rate-limit";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { addResponseHeaders } from "@/lib/http/response-headers";

// Requests per API key on /api/v1: a fixed one-minute window per key (docs/api/README.md),
// counted in the shared rate-limit table so it holds across app processes. Every authenticated
// request counts, whatever its answer; requests with no valid key are refused before this.
export const API_RATE_LIMIT_DEFAULT_PER_MINUTE = 120;

export function apiRequestsPerMinute(): number {
  return env().API_RATE_LIMIT_PER_MINUTE ?? API_RATE_LIMIT_DEFAULT_PER_MINUTE;
}

const perKey = lazy(() =>
  postgresLimiter({ keyPrefix: "api:key", points: apiRequestsPerMinute(), duration: 60 }),
);

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, the separate
 * RateLimit-Limit / -Remaining / -Reset form; Reset in seconds from now) plus Retry-After when
 * refused.
 */
export function rateLimitHeaders(result: ConsumeResult): Record<string, string> {
  return {
    "ratelimit-limit": String(result.limit),
    "ratelimit-remaining": String(result.remaining),
    "ratelimit-reset": String(result.resetSeconds),
    ...(result.allowed ? {} : { "retry-after": String(result.resetSeconds) }),
  };
}

/**
 * Counts one request of the key `keyId` (the id of an authenticated key, from our database) and
 * puts the limit's headers on this request's answer; past the limit, throws RATE_LIMITED (429).
 */
export async function countApiRequest(keyId: string): Promise<void> {
  const result = await consumePoint(perKey(), keyId);
  addResponseHeaders(rateLimitHeaders(result));
  if (!result.allowed) {
    throw new AppError(
      "RATE_LIMITED",
      `This API key has made its ${result.limit} requests for this minute. Retry after ${result.resetSeconds} seconds (see the Retry-After header).`,
    );
  }
}
