import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { learningGaps, learningSignals } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { log } from "@/lib/log";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { embeddingsReply, startOpenAiStandIn } from "@/test/openai-stand-in";
import { createEmbeddingsProvider, type SimilarityProvider } from "./embeddings";
import { reclusterOrg } from "./recluster";
import { lexical } from "./similarity";

// The weekly pass with an embeddings provider: the texts are embedded before the pass (against
// a local stand-in of the wire format) and the gaps follow the embeddings; when the provider
// fails, or a question arrives that was not embedded, the pass runs with the offline similarity.

await setupFreshDatabase();

const QUESTIONS = [
  "Can I bring my dog?",
  "Are pets allowed in the flat?",
  "Do you accept cats?",
  "Is there a parking space?",
  "Where can I leave the car?",
];
/** The stand-in's model: animals one way, cars another (no word in common inside each group). */
const embed = (text: string) => (/dog|pet|cat/i.test(text) ? [1, 0.05, 0] : [0, 0.1, 1]);

let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>>;
beforeAll(async () => {
  standIn = await startOpenAiStandIn((body) => ({
    body: embeddingsReply(body.input as string[], embed),
  }));
});
afterAll(() => standIn.close());

async function orgWithQuestions(): Promise<TestOwner> {
  const owner = await createOwner();
  for (const [i, question] of QUESTIONS.entries()) {
    await withTenant(owner.ctx, (tx) =>
      tx.insert(learningSignals).values({
        orgId: tx.orgId,
        conversationId: crypto.randomUUID(),
        seq: 1,
        channel: "voice",
        question,
        answer: "I don't know, sorry.",
        outcome: "deflected",
        language: "en",
        detector: "rules",
        detectorVersion: 1,
        occurredAt: new Date(Date.now() - i * 60_000),
      }),
    );
  }
  return owner;
}

async function gapsOf(owner: TestOwner): Promise<string[][]> {
  return withTenant(owner.ctx, async (tx) => {
    const signals = await tx
      .select({ question: learningSignals.question, gapId: learningSignals.gapId })
      .from(learningSignals)
      .where(eq(learningSignals.orgId, tx.orgId));
    const gaps = await tx
      .select({ id: learningGaps.id })
      .from(learningGaps)
      .where(eq(learningGaps.orgId, tx.orgId));
    return gaps
      .map((g) =>
        signals
          .filter((s) => s.gapId === g.id)
          .map((s) => s.question)
          .sort(),
      )
      .sort();
  });
}

const provider = () =>
  createEmbeddingsProvider({ baseUrl: standIn.baseUrl, apiKey: "sk-test", model: "test" });

describe("the weekly pass with an embeddings provider", () => {
  it("embeds every question before the pass and groups them by meaning", async () => {
    const owner = await orgWithQuestions();
    standIn.received.length = 0;
    await reclusterOrg(owner.orgId, new Date(), provider());
    expect(standIn.received.flatMap((r) => r.body.input as string[]).sort()).toEqual(
      [...QUESTIONS].sort(),
    );
    expect(await gapsOf(owner)).toEqual([
      ["Are pets allowed in the flat?", "Can I bring my dog?", "Do you accept cats?"],
      ["Is there a parking space?", "Where can I leave the car?"],
    ]);

    // A second pass embeds the gaps' questions as well, and changes nothing.
    await reclusterOrg(owner.orgId, new Date(), provider());
    expect(await gapsOf(owner)).toHaveLength(2);
  });

  it("runs with the offline similarity when the provider fails", async () => {
    const [owner, reference] = await Promise.all([orgWithQuestions(), orgWithQuestions()]);
    const warn = vi.spyOn(log, "warn");
    const failing = createEmbeddingsProvider({
      baseUrl: "http://127.0.0.1:1/v1",
      apiKey: "sk-test",
      model: "test",
    });
    await reclusterOrg(owner.orgId, new Date(), failing);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ provider: "127.0.0.1:1" }),
      expect.stringMatching(/embeddings provider failed/),
    );
    await reclusterOrg(reference.orgId, new Date(), {
      name: lexical.name,
      prepare: async () => lexical,
    });
    expect(await gapsOf(owner)).toEqual(await gapsOf(reference));
    // Lexical similarity cannot see that a dog is a pet.
    expect((await gapsOf(owner)).length).toBeGreaterThan(2);
    warn.mockRestore();
  });

  it("runs with the offline similarity when a question was not embedded", async () => {
    const [owner, reference] = await Promise.all([orgWithQuestions(), orgWithQuestions()]);
    // As if a question arrived between the embeddings request and the pass.
    const knowsNothing: SimilarityProvider = {
      name: "embeddings:stale",
      prepare: () => provider().prepare([]),
    };
    await reclusterOrg(owner.orgId, new Date(), knowsNothing);
    await reclusterOrg(reference.orgId, new Date(), {
      name: lexical.name,
      prepare: async () => lexical,
    });
    expect(await gapsOf(owner)).toEqual(await gapsOf(reference));
  });
});
