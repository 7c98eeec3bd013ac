import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for an OpenAI-compatible API: it records every request and answers what the
// test's `reply` says (status, body, delay). Tests point a provider's baseUrl at `baseUrl`.

export type StandInReply = { status?: number; body: string; delayMs?: number };
export type StandInRequest = {
  url: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
};

export async function startOpenAiStandIn(
  reply: (body: Record<string, unknown>, call: number) => StandInReply,
) {
  const received: StandInRequest[] = [];
  const state = { reply };
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    request.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ url: request.url ?? "", headers: request.headers, body });
      const { status = 200, body: out, delayMs = 0 } = state.reply(body, received.length);
      const timer = setTimeout(() => {
        response.writeHead(status, { "content-type": "application/json" }).end(out);
      }, delayMs);
      response.on("close", () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    received,
    /** Changes what the next requests are answered. */
    answer(next: typeof reply) {
      state.reply = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An embeddings reply in the wire format, in reverse order (the index says which is which). */
export function embeddingsReply(input: string[], embed: (text: string) => number[]): string {
  return JSON.stringify({
    object: "list",
    data: input.map((t, index) => ({ object: "embedding", embedding: embed(t), index })).reverse(),
    model: "test-embedding",
    usage: { prompt_tokens: input.length * 5, total_tokens: input.length * 5 },
  });
}
