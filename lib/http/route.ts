import "server-only";
import { toHttpResponse } from "@/lib/errors";
import { log, type Logger } from "@/lib/log";

/**
 * Wraps a route handler: a request-scoped logger carrying the request id, and every thrown error
 * mapped through the one error vocabulary (unknown errors answer 500 with a reference only).
 */
export function route<Args extends unknown[]>(
  handler: (request: Request, logger: Logger, ...args: Args) => Promise<Response>,
) {
  return async (request: Request, ...args: Args): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    const logger = log.child({ requestId, method: request.method, path: new URL(request.url).pathname });
    try {
      return await handler(request, logger, ...args);
    } catch (error) {
      return toHttpResponse(error, logger, { "x-request-id": requestId });
    }
  };
}
