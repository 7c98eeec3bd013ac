import "server-only";
import { ValidationError } from "@/lib/errors";
import { readBodyLimited } from "./body";

/** Far above any /api/v1 request body; a bound so one request cannot make the server buffer gigabytes. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

const SEND_JSON = "Send a JSON body with the header `Content-Type: application/json`.";

/** `application/json` or any `application/<something>+json`, with or without parameters (charset). */
function isJsonContentType(header: string | null): boolean {
  const mediaType = header?.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

// The error vocabulary has no 415 or 413 (lib/errors.ts): a body the API cannot read is answered
// 422 VALIDATION like any other bad input, with the reason under `form`.
function unreadable(message: string): ValidationError {
  return new ValidationError({ form: [message] }, message);
}

/**
 * The request's JSON body, parsed but not validated (pass it to `parseInput` with the route's
 * schema). A wrong content type, an empty, oversized or malformed body throws a ValidationError,
 * so the route answers 422 in the one error shape.
 */
export async function readJsonBody(
  request: Request,
  { maxBytes = MAX_JSON_BODY_BYTES }: { maxBytes?: number } = {},
): Promise<unknown> {
  if (!isJsonContentType(request.headers.get("content-type"))) throw unreadable(SEND_JSON);
  // Drained when too large, so a client that writes its whole body first still reads the answer.
  const body = await readBodyLimited(request, maxBytes);
  if (body === "too-large")
    throw unreadable(`The body is larger than ${Math.floor(maxBytes / 1024)} KB.`);
  const text = body.toString("utf8");
  if (text.trim() === "") throw unreadable(SEND_JSON);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw unreadable("The body is not valid JSON.");
  }
}
