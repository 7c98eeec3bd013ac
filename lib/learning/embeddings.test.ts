import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { clusterQuestions } from "./cluster";
import {
  createEmbeddingsProvider,
  offlineSimilarity,
  UnpreparedTextError,
  type EmbeddingsConfig,
} from "./embeddings";
import { cosine, lexical } from "./similarity";
import { embeddingsReply, startOpenAiStandIn, type StandInReply } from "@/test/openai-stand-in";

// The embeddings provider against a local stand-in that speaks the OpenAI embeddings wire format
// (POST /v1/embeddings {model, input} → {data: [{embedding, index}], model, usage}): what it
// sends, in batches, what it makes of a good answer, and that every kind of failure gives the
// offline similarity, with one warning in the log and neither the questions nor the key in it.

type Reply = StandInReply;
const API_KEY = "sk-test-embeddings-0123456789";

/** The stand-in's model: questions about animals point one way, everything else another. */
const embeddingOf = (text: string) => (/dog|pet|cat/i.test(text) ? [0.9, 0.1, 0] : [0, 0.2, 0.95]);
const wire = (input: string[], map = embeddingOf) => embeddingsReply(input, map);

let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>>;
let baseUrl: string;
let reply: (input: string[], call: number) => Reply;
const received = () =>
  standIn.received as {
    url: string;
    headers: Record<string, unknown>;
    body: { input: string[] };
  }[];

beforeAll(async () => {
  standIn = await startOpenAiStandIn((body, call) => reply(body.input as string[], call));
  baseUrl = standIn.baseUrl;
});
afterAll(() => standIn.close());
afterEach(() => {
  standIn.received.length = 0;
  vi.restoreAllMocks();
});

const config = (over: Partial<EmbeddingsConfig> = {}): EmbeddingsConfig => ({
  baseUrl,
  apiKey: API_KEY,
  model: "test-embedding",
  batchSize: 2,
  ...over,
});

const TEXTS = [
  "Can I bring my dog?",
  "Are pets allowed in the flat?",
  "Is there a parking space?",
  "Where can I leave the car?",
  "Do you accept cats?",
].map((text) => ({ text, language: "en" as const }));

describe("the embeddings provider", () => {
  it("asks for every distinct text once, in batches, and compares questions by their embeddings", async () => {
    reply = (input) => ({ body: wire(input) });
    const similarity = await createEmbeddingsProvider(config()).prepare([...TEXTS, TEXTS[0]!]);
    expect(similarity.name).toBe("embeddings:test-embedding");
    expect(received().map((r) => r.url)).toEqual(Array(3).fill("/v1/embeddings"));
    expect(received()[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(received()[0]!.body).toEqual({ model: "test-embedding", input: expect.any(Array) });
    expect(
      received()
        .flatMap((r) => r.body.input)
        .sort(),
    ).toEqual(TEXTS.map((t) => t.text).sort());

    const v = (text: string) => similarity.vectorize(text, "en");
    // "pets" and "dog" share no word: only the embeddings put them together.
    expect(cosine(v("Can I bring my dog?"), v("Are pets allowed in the flat?"))).toBeCloseTo(1, 6);
    expect(lexical.vectorize("Can I bring my dog?", "en")).not.toEqual(v("Can I bring my dog?"));
    expect(() => v("Never prepared?")).toThrow(UnpreparedTextError);

    const clusters = clusterQuestions(
      TEXTS.map((t, i) => ({ id: `q${i}`, question: t.text, language: t.language })),
      similarity,
    );
    expect(clusters.map((c) => c.members.map((m) => m.id).sort())).toEqual(
      expect.arrayContaining([
        ["q0", "q1", "q4"],
        ["q2", "q3"],
      ]),
    );
  });

  it("asks nothing for no texts", async () => {
    reply = (input) => ({ body: wire(input) });
    await createEmbeddingsProvider(config()).prepare([]);
    expect(received()).toHaveLength(0);
  });

  const FAILURES: [
    string,
    (input: string[], call: number) => Reply,
    Partial<EmbeddingsConfig>,
    RegExp,
  ][] = [
    ["HTTP 500", () => ({ status: 500, body: '{"error":{"message":"boom"}}' }), {}, /HTTP 500/],
    ["HTTP 401", () => ({ status: 401, body: "{}" }), {}, /HTTP 401/],
    ["a reply that is not JSON", () => ({ body: "<html>Bad gateway</html>" }), {}, /not JSON/],
    [
      "JSON that is not the wire format",
      () => ({ body: JSON.stringify({ embeddings: [[1, 2]] }) }),
      {},
      /not an embeddings reply/,
    ],
    [
      "embeddings that are not numbers",
      (input) => ({ body: wire(input, () => ["a", "b"] as unknown as number[]) }),
      {},
      /not an embeddings reply/,
    ],
    [
      "fewer embeddings than texts",
      (input) => ({ body: wire(input.slice(1)) }),
      {},
      /embeddings for 2 texts/,
    ],
    [
      "a repeated index",
      (input) => ({
        body: JSON.stringify({
          data: input.map((t) => ({ embedding: embeddingOf(t), index: 0 })),
        }),
      }),
      {},
      /index is out of range or repeated/,
    ],
    [
      "vectors of different dimensions from one batch to the next",
      (input, call) => ({ body: wire(input, call === 1 ? embeddingOf : () => [1, 0]) }),
      {},
      /dimensions/,
    ],
    [
      "a timeout",
      (input) => ({ body: wire(input), delayMs: 2_000 }),
      { timeoutMs: 150 },
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
    "falls back to the offline similarity on %s, with one warning",
    async (_name, failure, over, reason) => {
      reply = failure;
      const warn = vi.spyOn(log, "warn");
      const similarity = await createEmbeddingsProvider(config(over)).prepare(TEXTS);
      expect(similarity).toBe(lexical);
      expect(similarity).toBe(await offlineSimilarity.prepare(TEXTS));
      expect(warn).toHaveBeenCalledTimes(1);
      const [fields, message] = warn.mock.calls[0] as unknown as [Record<string, unknown>, string];
      expect(message).toMatch(/embeddings provider failed; comparing questions with the offline/);
      expect(fields.reason).toMatch(reason);
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).not.toContain(API_KEY);
      expect(logged).not.toContain("dog");
    },
  );
});
