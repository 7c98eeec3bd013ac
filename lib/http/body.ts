import type { Readable } from "node:stream";

// The one reader of HTTP bodies (a request's, or a response's from a provider): bounded by what
// arrives, not by what Content-Length claims, and draining what it refuses. Route handlers, the
// webhook inbox, the import upload and proxy.ts all read through here; lib/http/json-body.ts
// parses JSON on top of it.

/**
 * How much of an oversized body is read and thrown away before answering 413. A client that writes
 * its whole body before reading (browsers' fetch, most HTTP clients) sees a connection reset, not
 * the answer, when the server closes while bytes are still arriving.
 */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** Reads and discards the rest of a body, up to MAX_DRAIN_BYTES in all (`seen` already read). */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, seen = 0): Promise<void> {
  let size = seen;
  try {
    while (size <= MAX_DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
    }
  } catch {
    // The client went away: there is no one to answer.
  }
  await reader.cancel().catch(() => {});
}

/** Throws a body away (up to MAX_DRAIN_BYTES) so the refusal sent next reaches the client. */
export async function discardBody(message: Request | Response): Promise<void> {
  if (message.body) await drain(message.body.getReader());
}

/**
 * The body as bytes, or "too-large" once more than `maxBytes` arrived (Content-Length may be
 * absent or wrong: what arrives is counted). An oversized body is drained, so the caller's 413,
 * sent with `Connection: close`, reaches a client that writes before reading.
 */
export async function readBodyLimited(
  message: Request | Response,
  maxBytes: number,
): Promise<Buffer | "too-large"> {
  if (!message.body) return Buffer.alloc(0);
  const reader = message.body.getReader();
  const declared = Number(message.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    if (declared <= MAX_DRAIN_BYTES) await drain(reader);
    else await reader.cancel().catch(() => {});
    return "too-large";
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await drain(reader, size);
      return "too-large";
    }
    chunks.push(value);
  }
}

/**
 * readBodyLimited for a Node request (the standalone webhook receiver), read from the socket's
 * stream directly: no web-stream conversion on the hot path, and through its events rather than
 * an async iterator (which cost the receiver ~10 µs a request). Same rules: counted as it arrives,
 * an oversized body drained up to MAX_DRAIN_BYTES (then the connection is dropped); a request that
 * fails or closes before its end rejects.
 */
export function readNodeBodyLimited(
  request: Readable & { headers: Record<string, string | string[] | undefined> },
  maxBytes: number,
): Promise<Buffer | "too-large"> {
  // The listeners are anonymous and stay on the request once it settled: a promise settles once,
  // so whatever fires after the first outcome (the close after the end, an error after the
  // destroy) changes nothing. Named per-request closures cost a defineProperty each under tsx
  // (esbuild's keepNames).
  return new Promise((resolve, reject) => {
    let tooLarge = Number(request.headers["content-length"] ?? 0) > maxBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        // Idempotent, like the resolve: a chunk that still arrives changes nothing.
        request.destroy();
        resolve("too-large");
        return;
      }
      if (!tooLarge && size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on("end", () => resolve(tooLarge ? "too-large" : Buffer.concat(chunks, size)));
    request.on("error", reject);
    request.on("close", () => reject(new Error("the request closed before its body ended")));
  });
}
