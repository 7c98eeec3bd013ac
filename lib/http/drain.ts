/**
 * How much of an oversized body is read and thrown away before answering 413. A client that writes
 * its whole body before reading (browsers' fetch, most HTTP clients) sees a connection reset, not
 * the answer, when the server closes while bytes are still arriving.
 */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** Reads and discards the rest of a body, up to MAX_DRAIN_BYTES in all (`seen` already read). */
export async function drainBody(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  seen = 0,
): Promise<void> {
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
