import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LlmConfig } from "@/lib/memory/llm-summariser";
import { log } from "@/lib/log";
import { detectSignals, type ConversationForSignals } from "./detector";
import { createLlmRefiner, rulesOnly } from "./refiner";

// The LLM review of outcomes against a local stand-in that speaks the OpenAI Chat Completions
// wire format: what it sends, what it makes of a good answer, and that every kind of failure
// leaves the rule detector's outcomes, with a warning in the log and no error.

type Reply = { status?: number; body: string; delayMs?: number };
type Received = { url: string; headers: IncomingMessage["headers"]; body: Record<string, unknown> };

let server: Server;
let baseUrl: string;
let reply: () => Reply;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ url: request.url ?? "", headers: request.headers, body: JSON.parse(raw) });
      const { status = 200, body, delayMs = 0 } = reply();
      const timer = setTimeout(() => {
        response.writeHead(status, { "content-type": "application/json" }).end(body);
      }, delayMs);
      response.on("close", () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  received.length = 0;
  vi.restoreAllMocks();
});

const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({
  baseUrl,
  apiKey: "sk-test-0123456789abcdef",
  model: "gpt-4o-mini",
  ...over,
});

const conversation: ConversationForSignals = {
  channel: "voice",
  status: "ended",
  endedReason: "customer-ended-call",
  successEvaluation: null,
  structuredData: null,
  at: new Date("2026-11-16T10:30:00Z"),
  turns: [
    ["assistant", "Hello, Seaside Realty, how can I help?"],
    ["user", "Do you manage holiday lets?"],
    ["assistant", "We have lovely homes for sale in the Harbour area."],
    ["user", "Right. Bye."],
    ["assistant", "Goodbye!"],
  ].map(([role, content], seq) => ({ seq, role: role!, content: content!, sentAt: null })),
};
const drafts = detectSignals(conversation, "en");

const completion = (content: unknown) =>
  JSON.stringify({
    choices: [
      { message: { content: typeof content === "string" ? content : JSON.stringify(content) } },
    ],
  });

describe("the LLM outcome review", () => {
  it("sends the turns with the proposed outcomes and applies the reviewed ones", async () => {
    expect(drafts.map((d) => d.outcome)).toEqual(["answered", "answered", "answered"]);
    reply = () => ({
      body: completion({
        outcomes: [
          { seq: 0, outcome: "answered" },
          { seq: 2, outcome: "deflected" },
          { seq: 4, outcome: "answered" },
        ],
      }),
    });
    const refined = await createLlmRefiner(config()).refine(conversation, drafts);
    expect(refined.detector).toBe("rules+llm");
    expect(refined.version).toBe(1);
    expect(refined.drafts.map((d) => d.outcome)).toEqual(["answered", "deflected", "answered"]);
    expect(refined.drafts[1]!.question).toBe("Do you manage holiday lets?");

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.url).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe("Bearer sk-test-0123456789abcdef");
    expect(request!.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      response_format: { type: "json_object" },
    });
    const sent = JSON.parse((request!.body.messages as { content: string }[])[1]!.content) as {
      turns: { seq: number; speaker: string; proposedOutcome?: string }[];
    };
    expect(sent.turns.filter((t) => t.speaker === "agent").map((t) => t.proposedOutcome)).toEqual([
      "answered",
      "answered",
      "answered",
    ]);
  });

  const FAILURES: [string, () => Reply, Partial<LlmConfig>, RegExp][] = [
    ["an HTTP error", () => ({ status: 500, body: "{}" }), {}, /HTTP 500/],
    ["a reply that is not JSON", () => ({ body: "<html>" }), {}, /not JSON/],
    [
      "content that is not JSON",
      () => ({ body: completion("sure! here you go") }),
      {},
      /content is not JSON/,
    ],
    [
      "an unknown outcome",
      () => ({ body: completion({ outcomes: [{ seq: 2, outcome: "great" }] }) }),
      {},
      /schema/,
    ],
    [
      "a turn left out",
      () => ({ body: completion({ outcomes: [{ seq: 2, outcome: "deflected" }] }) }),
      {},
      /missing/,
    ],
    [
      "a provider that does not answer in time",
      () => ({ body: completion({ outcomes: [] }), delayMs: 2_000 }),
      { timeoutMs: 200 },
      /timed out/,
    ],
    [
      "a provider nobody listens on",
      () => ({ body: "" }),
      { baseUrl: "http://127.0.0.1:1/v1" },
      /./,
    ],
  ];

  it.each(FAILURES)(
    "keeps the rule outcomes on %s, and says why in the log",
    async (_n, r, over, why) => {
      reply = r;
      const warn = vi.spyOn(log, "warn");
      const refined = await createLlmRefiner(config(over)).refine(conversation, drafts);
      expect(refined).toEqual(await rulesOnly.refine(conversation, drafts));
      expect(warn).toHaveBeenCalledTimes(1);
      const [fields, message] = warn.mock.calls[0] as unknown as [{ reason: string }, string];
      expect(fields.reason).toMatch(why);
      expect(message).toMatch(/keeping the rule detector's outcomes/);
      // Nothing of the conversation in the log line.
      expect(JSON.stringify(fields)).not.toContain("holiday");
    },
  );
});
