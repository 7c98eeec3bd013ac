import "server-only";
import { requirePermission, type Permission } from "@/lib/auth/permissions";
import { getSessionContext, type SessionContext } from "@/lib/auth/session";
import type { TenantContext } from "@/lib/context";
import { AppError, ValidationError } from "@/lib/errors";
import { refuseUnlessFlagOn } from "@/lib/flags/http";
import type { FlagKey } from "@/lib/flags/registry";
import { readBodyLimited } from "./body";
import { route } from "./route";
import {
  parseRouteInput,
  type InputOptions,
  type ParsedInput,
  type RouteContext,
} from "./route-input";
import { FOREIGN_ORIGIN_MESSAGE, isForeignOrigin } from "./same-origin";

export type UploadOptions = {
  /** The whole multipart body's limit, in bytes. */
  maxBytes: number;
  /** The 413's sentence, for a person. */
  tooLarge: string;
  /** The 422's sentence when the body is not a multipart form: which fields to send. */
  notAForm: string;
};

export type SessionRouteOptions = InputOptions & {
  /** Checked before the handler runs (the verbs check theirs too). */
  permission: Permission;
  /** A multipart upload: the handler receives its fields as `form`. */
  upload?: UploadOptions;
  /** The route answers 404 while this flag is off for the session's org (lib/flags). */
  flag?: FlagKey;
};

export type SessionRouteInput<O extends SessionRouteOptions> = ParsedInput<O> & {
  ctx: TenantContext;
  session: SessionContext;
  form: O["upload"] extends UploadOptions ? FormData : undefined;
  request: Request;
};

const SESSION_ENDED = "Your session has ended. Sign in again.";

/** A refusal in the one error shape, for the two answers the error vocabulary has no code for. */
const refusal = (status: number, message: string, headers?: HeadersInit) =>
  Response.json({ error: { code: "VALIDATION", message } }, { status, headers });

/**
 * A dashboard route handler (the browser's own fetches: timeline pages, transcripts, the export,
 * the import upload). In order: a write from another site is refused (403: the session cookie
 * must not act for another site); an upload is read, drained and refused past its limit (413)
 * before anything else, so a client that writes its whole body first still reads the answer; then
 * the session, checked against the database (lib/auth/session.ts: 401 in JSON, never a redirect),
 * the permission (403), the module's flag (404 while it is off for the org), path parameters and
 * query (422). Errors are mapped by route(); answers are `Cache-Control: private, no-store` (they carry the org's data) unless the handler says.
 */
export function sessionRoute<const O extends SessionRouteOptions>(
  options: O,
  handler: (input: SessionRouteInput<O>) => Promise<Response>,
) {
  return route(async (request: Request, context?: RouteContext) => {
    const write = request.method !== "GET" && request.method !== "HEAD";
    if (write && isForeignOrigin(request.headers)) {
      throw new AppError("FORBIDDEN", FOREIGN_ORIGIN_MESSAGE);
    }
    let body: Buffer | undefined;
    if (options.upload) {
      const read = await readBodyLimited(request, options.upload.maxBytes);
      if (read === "too-large")
        return refusal(413, options.upload.tooLarge, { connection: "close" });
      body = read;
    }
    const session = await getSessionContext();
    if (!session) throw new AppError("UNAUTHORIZED", SESSION_ENDED);
    requirePermission(session.ctx, options.permission);
    if (options.flag) await refuseUnlessFlagOn(session.ctx.org.id, options.flag);
    const { params, query } = await parseRouteInput(options, request, context);
    const form = body && options.upload ? await readForm(request, body, options.upload) : undefined;
    const response = await handler({
      ctx: session.ctx,
      session,
      params,
      query,
      form,
      request,
    } as SessionRouteInput<O>);
    if (!response.headers.has("cache-control")) {
      try {
        response.headers.set("cache-control", "private, no-store");
      } catch {
        // Immutable headers: route() still adds `no-store`.
      }
    }
    return response;
  });
}

async function readForm(request: Request, body: Buffer, upload: UploadOptions): Promise<FormData> {
  try {
    return await new Response(new Uint8Array(body), {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw new ValidationError({ form: [upload.notAForm] }, upload.notAForm);
  }
}
