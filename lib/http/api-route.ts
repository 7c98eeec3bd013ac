import "server-only";
import type { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import type { ApiScope } from "@/lib/api-keys/scopes";
import type { TenantContext } from "@/lib/context";
import { refuseUnlessFlagOn } from "@/lib/flags/http";
import type { FlagKey } from "@/lib/flags/registry";
import { parseInput } from "@/lib/parse-input";
import { readJsonBody } from "./json-body";
import { route } from "./route";
import {
  parseRouteInput,
  type InputOptions,
  type ParsedInput,
  type RouteContext,
} from "./route-input";

export type ApiRouteOptions = InputOptions & {
  /** The scope the API key must hold; it also sets the context's permissions. */
  scope: ApiScope;
  /** The JSON body's schema; without it the body is not read. */
  body?: z.ZodType;
  /** The route answers 404 while this flag is off for the key's org (lib/flags). */
  flag?: FlagKey;
};

export type ApiRouteInput<O extends ApiRouteOptions> = ParsedInput<O> & {
  /** The key's org and permissions (from its scopes). */
  ctx: TenantContext;
  body: O["body"] extends z.ZodType ? z.infer<O["body"]> : undefined;
  request: Request;
};

/**
 * An /api/v1 route handler. In order: the API key (`Authorization: Bearer luneo_…`, 401) and its
 * rate limit (429, and the RateLimit headers on every answer: lib/api-keys/authenticate.ts), the
 * scope (403), the module's flag (404 while it is off for the org), then the path parameters,
 * query and JSON body through their schemas (422). The key comes first: a caller without one learns nothing, not even what the body should hold. Errors
 * are mapped by route() to the one error shape; every answer is `Cache-Control: no-store`.
 */
export function apiRoute<const O extends ApiRouteOptions>(
  options: O,
  handler: (input: ApiRouteInput<O>) => Promise<Response>,
) {
  return route(async (request: Request, context?: RouteContext) => {
    const ctx = await authenticateApiKey(request.headers.get("authorization"), options.scope);
    if (options.flag) await refuseUnlessFlagOn(ctx.org.id, options.flag);
    const { params, query } = await parseRouteInput(options, request, context);
    const body = options.body ? parseInput(options.body, await readJsonBody(request)) : undefined;
    return handler({ ctx, params, query, body, request } as ApiRouteInput<O>);
  });
}
