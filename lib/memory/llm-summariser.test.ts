import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { createLlmSummariser, type LlmConfig } from "./llm-summariser";
import { summariseOffline } from "./offline-summariser";
import type { ConversationForMemory } from "./summariser";
import { REAL_ESTATE_CALL, REAL_ESTATE_FIELDS } from "@/test/fixtures/memory";

// The LLM provider against a local stand-in that speaks the OpenAI Chat Completions wire format:
// what it sends, what it makes of a good answer, and that every kind of failure ends in the
// offline summariser's draft, with a warning in the log and no error.

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

const API_KEY = "sk-test-0123456789abcdef";
const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({
  baseUrl,
  apiKey: API_KEY,
  model: "gpt-4o-mini",
  ...over,
});

const input: ConversationForMemory = {
  channel: "voice",
  at: new Date("2026-11-16T10:30:00Z"),
  timeZone: "Europe/London",
  turns: REAL_ESTATE_CALL,
  analysis: { summary: null, structuredData: { customerName: "Priya Raman" } },
  memory: {
    previousSummaries: [
      { at: new Date("2026-11-02T09:00:00Z"), channel: "sms", summary: "Asked about rentals." },
    ],
    openItems: [],
    facts: [{ key: "email", value: "priya@example.com", source: "offline" }],
  },
  qualificationFields: REAL_ESTATE_FIELDS,
};

const completion = (content: unknown) =>
  JSON.stringify({
    id: "chatcmpl-123",
    object: "chat.completion",
    model: "gpt-4o-mini",
    choices: [
      {
        index: 0,
        finish_reason: "stop",
        message: {
          role: "assistant",
          content: typeof content === "string" ? content : JSON.stringify(content),
        },
      },
    ],
  });

const GOOD = {
  summary:
    "Priya Raman wants to buy a three-bedroom house in Harbour View with a budget of about 650k. She hopes to move within three months.",
  facts: [
    { key: "budget", value: 650000 },
    { key: "area", value: "Harbour View" },
    { key: "Bedrooms", value: "3" },
  ],
  openItems: ["Email the brochure for the Quay Street houses", "Call back tomorrow morning"],
  rollingSummary: "16 Nov: wants to buy in Harbour View (650k). 2 Nov: asked about rentals.",
};

describe("the LLM summariser", () => {
  it("asks an OpenAI-compatible endpoint for a JSON object, and uses its answer", async () => {
    reply = () => ({ body: completion(GOOD) });
    const draft = await createLlmSummariser(config()).summarise(input);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.url).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request!.body).toMatchObject({
      model: "gpt-4o-mini",
      response_format: { type: "json_object" },
      messages: [{ role: "system" }, { role: "user" }],
    });
    const prompt = JSON.parse(
      (request!.body.messages as { content: string }[])[1]!.content,
    ) as Record<string, unknown>;
    expect(prompt).toMatchObject({
      channel: "voice",
      qualificationFields: expect.arrayContaining([expect.objectContaining({ key: "budget" })]),
      knownFacts: [{ key: "email", value: "priya@example.com" }],
      previousSummaries: [expect.objectContaining({ summary: "Asked about rentals." })],
    });
    // Spoken turns only: the system prompt of the call is not the caller's business.
    expect(JSON.stringify(prompt.transcript)).not.toContain("You are the virtual assistant");

    expect(draft).toEqual({
      source: "llm",
      summary: GOOD.summary,
      facts: [
        { key: "customer_name", value: "Priya Raman", source: "vapi" },
        { key: "budget", value: "650000", source: "llm" },
        { key: "area", value: "Harbour View", source: "llm" },
        { key: "bedrooms", value: "3", source: "llm" },
      ],
      openItems: GOOD.openItems,
      rollingSummary: GOOD.rollingSummary,
    });
  });

  it("keeps the provider's answer within the memory's bounds", async () => {
    reply = () => ({
      body: completion({
        summary: "A long one. ".repeat(200),
        facts: Array.from({ length: 60 }, (_, i) => ({ key: `fact ${i}`, value: "x".repeat(900) })),
        openItems: Array.from({ length: 30 }, (_, i) => `Task ${i}`),
        rollingSummary: "r".repeat(5_000),
      }),
    });
    const draft = await createLlmSummariser(config()).summarise(input);
    expect(draft.source).toBe("llm");
    expect(draft.summary).toBe("A long one. A long one. A long one.");
    expect(draft.facts).toHaveLength(20);
    expect(draft.facts.every((f) => f.value.length <= 200)).toBe(true);
    expect(draft.openItems).toHaveLength(5);
    expect(draft.rollingSummary.length).toBeLessThanOrEqual(600);
  });

  const FAILURES: [string, () => Reply, Partial<LlmConfig>, RegExp][] = [
    ["HTTP 500", () => ({ status: 500, body: '{"error":{"message":"boom"}}' }), {}, /HTTP 500/],
    ["HTTP 401", () => ({ status: 401, body: "{}" }), {}, /HTTP 401/],
    [
      "a timeout",
      () => ({ body: completion(GOOD), delayMs: 2_000 }),
      { timeoutMs: 150 },
      /timed out/,
    ],
    ["a reply that is not JSON", () => ({ body: "<html>Bad gateway</html>" }), {}, /not JSON/],
    [
      "a message that is not JSON",
      () => ({ body: completion("Sure! Here is the summary: …") }),
      {},
      /content is not JSON/,
    ],
    [
      "JSON of the wrong shape",
      () => ({ body: completion({ summary: "x", facts: "none" }) }),
      {},
      /schema \(facts, openItems/,
    ],
    ["no choices", () => ({ body: JSON.stringify({ choices: [] }) }), {}, /not a chat completion/],
  ];

  it.each(FAILURES)(
    "falls back to the offline summariser on %s, in the same call, with a warning",
    async (_name, failure, over, reason) => {
      reply = failure;
      const warn = vi.spyOn(log, "warn");
      const draft = await createLlmSummariser(config(over)).summarise(input);
      expect(draft).toEqual(summariseOffline(input));
      expect(draft.source).toBe("offline");
      expect(warn).toHaveBeenCalledTimes(1);
      const [fields, message] = warn.mock.calls[0] as unknown as [Record<string, unknown>, string];
      expect(message).toMatch(/LLM summariser failed; using the offline summariser/);
      expect(fields.reason).toMatch(reason);
      expect(JSON.stringify(warn.mock.calls)).not.toContain(API_KEY);
    },
  );

  it("falls back when nothing listens at the address", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const warn = vi.spyOn(log, "warn");
    const draft = await createLlmSummariser(
      config({ baseUrl: `http://127.0.0.1:${port}/v1` }),
    ).summarise(input);
    expect(draft.source).toBe("offline");
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe("LLM configuration (lib/env.ts)", () => {
  const valid = {
    DATABASE_URL: "postgres://luneo@127.0.0.1:5432/luneo",
    AUTH_SECRET: "x".repeat(32),
    LUNEO_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  };
  const llm = {
    LLM_BASE_URL: "https://api.openai.com/v1",
    LLM_API_KEY: API_KEY,
    LLM_MODEL: "gpt-4o-mini",
  };

  it("takes all three variables or none", () => {
    expect(parseEnv(valid).LLM_BASE_URL).toBeUndefined();
    expect(parseEnv({ ...valid, ...llm })).toMatchObject(llm);
  });

  it("names the missing ones when only some are set, without echoing the key", () => {
    const attempt = () => parseEnv({ ...valid, LLM_API_KEY: API_KEY });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/LLM_BASE_URL is required when LLM_API_KEY is set/);
    expect(attempt).toThrow(/LLM_MODEL is required/);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain(API_KEY);
    }
    expect(() => parseEnv({ ...valid, ...llm, LLM_BASE_URL: "not a url" })).toThrow(
      /LLM_BASE_URL must be the provider's API base URL/,
    );
  });

  it("reads SMS_THREAD_IDLE_MINUTES as whole minutes, at most 12 hours", () => {
    expect(parseEnv({ ...valid, SMS_THREAD_IDLE_MINUTES: "45" }).SMS_THREAD_IDLE_MINUTES).toBe(45);
    expect(() => parseEnv({ ...valid, SMS_THREAD_IDLE_MINUTES: "0" })).toThrow(
      /SMS_THREAD_IDLE_MINUTES must be a whole number of minutes/,
    );
    expect(() => parseEnv({ ...valid, SMS_THREAD_IDLE_MINUTES: "721" })).toThrow(EnvError);
  });
});
