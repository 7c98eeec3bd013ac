import "server-only";
import { toHttpResponse } from "@/lib/errors";
import { log } from "@/lib/log";
import { runWithRequestId } from "@/lib/request-context";

/**
 * Wraps a route handler: runs it in the request's context (its id on every log line, through the
 * logger's mixin) and maps every thrown error through the one error vocabulary (unknown errors
 * answer 500 with a reference only).
 */
export function route<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Promise<Response>,
) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    return runWithRequestId(requestId, async () => {
      try {
        return await handler(request, ...args);
      } catch (error) {
        const logger = log.child({ method: request.method, path: new URL(request.url).pathname });
        return toHttpResponse(error, logger, { "x-request-id": requestId });
      }
    });
  };
}
