import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { discardBody, MAX_DRAIN_BYTES, readBodyLimited, readNodeBodyLimited } from "./body";
import { isForeignOrigin } from "./same-origin";

/** A streamed body of `total` bytes that records how much of it was read. */
function streamed(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return { stream, read: () => sent };
}

const request = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request("http://localhost/upload", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

describe("readBodyLimited", () => {
  it("returns a body within the limit whole", async () => {
    const body = streamed(300_000);
    expect(await readBodyLimited(request(body.stream), 1024 * 1024)).toHaveLength(300_000);
  });

  it("reads an oversized body to its end before refusing it (a client writing first reads the 413)", async () => {
    for (const headers of [{ "content-length": String(7 * 1024 * 1024) }, {}] as Record<
      string,
      string
    >[]) {
      const body = streamed(7 * 1024 * 1024);
      expect(await readBodyLimited(request(body.stream, headers), 6 * 1024 * 1024)).toBe(
        "too-large",
      );
      expect(body.read()).toBe(7 * 1024 * 1024);
    }
  });

  it("stops reading past the drain cap", async () => {
    const body = streamed(MAX_DRAIN_BYTES * 2);
    expect(await readBodyLimited(request(body.stream), 1024)).toBe("too-large");
    expect(body.read()).toBeLessThan(MAX_DRAIN_BYTES + 256 * 1024);
  });

  it("reads a provider's response with the same bound, without buffering what is past it", async () => {
    const small = streamed(2_000);
    expect(await readBodyLimited(new Response(small.stream), 4_096)).toHaveLength(2_000);
    const large = streamed(MAX_DRAIN_BYTES * 2);
    expect(await readBodyLimited(new Response(large.stream), 4_096)).toBe("too-large");
    expect(large.read()).toBeLessThan(MAX_DRAIN_BYTES + 256 * 1024);
  });
});

/** A Node request of `total` bytes (as the standalone receiver gets it) that records what was read. */
function nodeRequest(total: number, headers: Record<string, string> = {}, chunk = 64 * 1024) {
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(chunk, total - sent);
      sent += size;
      this.push(Buffer.alloc(size, 120));
    },
  });
  return { request: Object.assign(stream, { headers }), read: () => sent };
}

describe("readNodeBodyLimited", () => {
  it("returns a body within the limit whole, as its bytes", async () => {
    const { request } = nodeRequest(300_000);
    const body = await readNodeBodyLimited(request, 1024 * 1024);
    expect(body !== "too-large" && body.equals(Buffer.alloc(300_000, 120))).toBe(true);
  });

  it("reads an oversized body to its end before refusing it, declared or counted", async () => {
    const declared: Record<string, string>[] = [{ "content-length": String(7 * 1024 * 1024) }, {}];
    for (const headers of declared) {
      const body = nodeRequest(7 * 1024 * 1024, headers);
      expect(await readNodeBodyLimited(body.request, 6 * 1024 * 1024)).toBe("too-large");
      expect(body.read()).toBe(7 * 1024 * 1024);
    }
  });

  it("drops the request past the drain cap", async () => {
    const body = nodeRequest(MAX_DRAIN_BYTES * 2);
    expect(await readNodeBodyLimited(body.request, 1024)).toBe("too-large");
    expect(body.read()).toBeLessThan(MAX_DRAIN_BYTES + 256 * 1024);
    expect(body.request.destroyed).toBe(true);
  });

  it("rejects a request that fails or closes before its body ends", async () => {
    const failing = new Readable({ read() {} });
    const failed = readNodeBodyLimited(Object.assign(failing, { headers: {} }), 1024);
    failing.push(Buffer.from("part"));
    failing.destroy(new Error("aborted"));
    await expect(failed).rejects.toThrow("aborted");

    const closing = new Readable({ read() {} });
    const closed = readNodeBodyLimited(Object.assign(closing, { headers: {} }), 1024);
    closing.push(Buffer.from("part"));
    closing.destroy();
    await expect(closed).rejects.toThrow();
  });
});

describe("discardBody", () => {
  it("reads a body to its end, up to the drain cap", async () => {
    const body = streamed(3 * 1024 * 1024);
    await discardBody(request(body.stream));
    expect(body.read()).toBe(3 * 1024 * 1024);
    const endless = streamed(MAX_DRAIN_BYTES * 2);
    await discardBody(request(endless.stream));
    expect(endless.read()).toBeLessThan(MAX_DRAIN_BYTES + 256 * 1024);
  });
});

describe("isForeignOrigin", () => {
  const h = (headers: Record<string, string>) => new Headers(headers);
  it("compares Origin's host with X-Forwarded-Host, else Host, as Next does", () => {
    expect(isForeignOrigin(h({ host: "app.luneo.test" }))).toBe(false);
    expect(isForeignOrigin(h({ host: "app.luneo.test", origin: "https://app.luneo.test" }))).toBe(
      false,
    );
    expect(isForeignOrigin(h({ host: "app.luneo.test", origin: "https://evil.test" }))).toBe(true);
    expect(isForeignOrigin(h({ host: "app.luneo.test", origin: "null" }))).toBe(true);
    expect(
      isForeignOrigin(
        h({
          host: "10.0.0.2:3000",
          "x-forwarded-host": "app.luneo.test",
          origin: "https://app.luneo.test",
        }),
      ),
    ).toBe(false);
  });
});
