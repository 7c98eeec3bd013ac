import { drainBody, MAX_DRAIN_BYTES } from "./drain";

/**
 * The request body as bytes, or "too-large" once more than `maxBytes` arrived (Content-Length may
 * be absent or wrong: what arrives is counted). An oversized body is drained (lib/http/drain.ts),
 * so the caller's 413, sent with `Connection: close`, reaches a client that writes before reading.
 */
export async function readBodyLimited(
  request: Request,
  maxBytes: number,
): Promise<Buffer | "too-large"> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    if (declared <= MAX_DRAIN_BYTES) await drainBody(reader);
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
      await drainBody(reader, size);
      return "too-large";
    }
    chunks.push(value);
  }
}
