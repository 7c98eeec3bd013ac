import "server-only";
import { toHttpResponse } from "@/lib/errors";
import { countRequest, surfaceOf } from "@/lib/health/request-stats";
import { log } from "@/lib/log";
import { runWithRequestId } from "@/lib/request-context";
import { runWithResponseHeaders, withHeaders } from "./response-headers";

/**
 * Wraps a route handler: runs it in the request's context (its id on every log line, through the
 * logger's mixin) and maps every thrown error through the one error vocabulary (unknown errors
 * answer 500 with a reference only). Every answer, success or error, carries the headers the
 * request collected on the way (the API rate limit's, see lib/api-keys/rate-limit.ts) and
 * `Cache-Control: no-store` unless the route set its own. Its status and time are counted for
 * the platform's health (lib/health/request-stats.ts, in memory).
 */
export function route<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    const extra = new Headers();
    const started = performance.now();
    const response = await runWithRequestId(requestId, () =>
      runWithResponseHeaders(extra, async () => {
        try {
          return withHeaders(await handler(request, ...args), extra);
        } catch (error) {
          const logger = log.child({ method: request.method, path: new URL(request.url).pathname });
          return withHeaders(toHttpResponse(error, logger, { "x-request-id": requestId }), extra);
        }
      }),
    );
    countRequest(
      surfaceOf(new URL(request.url).pathname),
      performance.now() - started,
      response.status,
    );
    return response;
  };
}
