import { connect } from "node:net";

// A client that writes its whole request before reading a byte of the answer, as most HTTP
// clients (and providers' webhook senders) do. A server that answers early and closes while bytes
// are still arriving resets the connection, and such a client never sees the answer.

export type RawAnswer = { status: number | null; head: string; body: string; error: string | null };

export function postWholeBody(
  base: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    let error: string | null = null;
    let written = false;
    socket.on("data", (chunk) => {
      // Reading starts only once the whole body is written; until then, bytes wait in the buffer.
      chunks.push(chunk);
    });
    socket.pause();
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({
        status: match ? Number(match[1]) : null,
        head: text.split("\r\n\r\n")[0] ?? "",
        body: text.split("\r\n\r\n").slice(1).join("\r\n\r\n"),
        error: written ? error : `while writing: ${error}`,
      });
    });
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${url.host}`,
      `Content-Length: ${body.length}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      "Connection: close",
      "",
      "",
    ].join("\r\n");
    socket.write(head);
    socket.write(body, () => {
      written = true;
      socket.resume();
    });
  });
}
