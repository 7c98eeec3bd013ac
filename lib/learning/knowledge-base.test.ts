import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { featureFlagOverrides, learningGaps } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { FLAGS } from "@/lib/flags/registry";
import { stopBoss } from "@/lib/jobs/boss";
import { editVerticalConfig, selectVertical } from "@/lib/verticals/service";
import { realEstateV1 } from "@/lib/verticals/templates/real-estate-v1";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { assistantRequest } from "@/test/fixtures/vapi";
import { connectChannels, postVapi, PUBLIC_URL, type Connected } from "@/test/webhooks";
import {
  KNOWLEDGE_BASE_REQUEST,
  knowledgeBaseDeclaration,
  lastUserMessage,
} from "./knowledge-base";
import { approveGap } from "./service";

// VAPI's knowledge-base-request through the real webhook route, authenticated like VAPI sends it:
// answered from the org's approved answers, ranked by lexical similarity to the caller's last
// words, only when the org's configuration turns the message on.

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let A: Connected;
let B: Connected;

const PETS = {
  question: "Do you accept pets in your rentals?",
  answer: "Yes: cats and small dogs are welcome in most of our rentals, with a deposit.",
};
const PARKING = {
  question: "Is there parking at the building?",
  answer: "Most of our buildings have a garage; the listing says which.",
};

async function approve(owner: TestOwner, entry: { question: string; answer: string }) {
  const gap = await withTenant(owner.ctx, async (tx) => {
    const now = new Date();
    const [row] = await tx
      .insert(learningGaps)
      .values({
        orgId: tx.orgId,
        language: "en",
        canonicalQuestion: entry.question,
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .returning();
    return row!;
  });
  await approveGap(owner.ctx, gap.id, entry);
  return gap.id;
}

const enable = (owner: TestOwner) =>
  editVerticalConfig(
    owner.ctx,
    { serverMessages: [...realEstateV1.serverMessages, KNOWLEDGE_BASE_REQUEST] },
    { action: "verticals.config_edited", sections: ["serverMessages"] },
  );

const request = (...said: [string, string][]) => ({
  message: {
    type: KNOWLEDGE_BASE_REQUEST,
    timestamp: Date.now(),
    messages: said.map(([role, content]) => ({ role, content })),
    call: { id: `call-kb-${crypto.randomUUID()}` },
  },
});

async function ask(channels: Connected, body: unknown, secret = channels.vapiSecret) {
  return postVapi(channels.vapiEndpoint, body, { "x-vapi-secret": secret });
}

let petsId: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [A, B] = await Promise.all([connectChannels(a.ctx), connectChannels(b.ctx)]);
  await selectVertical(a.ctx, { slug: "real-estate" });
  await selectVertical(b.ctx, { slug: "real-estate" });
  petsId = await approve(a, PETS);
  await approve(a, PARKING);
  await approve(b, { question: "Do you allow pets?", answer: "Org B's own answer about pets." });
});

describe("VAPI knowledge-base-request", () => {
  const petsQuestion = request(
    ["assistant", "Hi, how can I help?"],
    ["user", "Hello. Are pets allowed in the rental?"],
  );

  it("answers no documents while the org's configuration does not turn it on", async () => {
    const res = await ask(A, petsQuestion);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ documents: [] });
  });

  it("answers the org's approved answers, most similar to the caller's last words first", async () => {
    await enable(a);
    const res = await ask(A, petsQuestion);
    expect(res.status).toBe(200);
    const { documents } = (await res.json()) as {
      documents: { content: string; similarity: number; uuid: string }[];
    };
    expect(documents[0]).toMatchObject({
      content: `${PETS.question}\n${PETS.answer}`,
      uuid: petsId,
    });
    expect(documents[0]!.similarity).toBeGreaterThan(0.2);
    // Nothing of another org, and nothing unrelated enough.
    expect(documents.map((d) => d.content).join()).not.toContain("Org B");
    expect(documents.some((d) => d.content.startsWith(PARKING.question))).toBe(false);
  });

  it("answers no documents without caller words, and refuses a request without VAPI's secret", async () => {
    expect(await (await ask(A, request(["assistant", "Hello?"]))).json()).toEqual({
      documents: [],
    });
    const forged = await ask(A, petsQuestion, "not-the-secret");
    expect(forged.status).toBe(401);
    // Org B has not turned it on: its own answer is not handed out either.
    expect(await (await ask(B, petsQuestion)).json()).toEqual({ documents: [] });
    const stored = await ownerSql()<{ n: number }[]>`
      select count(*)::int as n from webhook_events
       where org_id = ${a.orgId} and kind = ${KNOWLEDGE_BASE_REQUEST}`;
    expect(stored[0]!.n).toBeGreaterThan(0);
  });

  it("reads the caller's last words, whatever else the body holds", () => {
    expect(
      lastUserMessage(request(["user", "first"], ["assistant", "ok"], ["user", " second "])),
    ).toBe("second");
    expect(lastUserMessage({ message: { messages: "nope" } })).toBeNull();
    expect(lastUserMessage(null)).toBeNull();
  });
});

describe("the transient assistant declares the org's knowledge base", () => {
  let c: TestOwner;
  let C: Connected;
  beforeAll(async () => {
    c = await createOwner();
    C = await connectChannels(c.ctx, null, null); // no Assistant ID: Luneo's transient assistant
    await selectVertical(c.ctx, { slug: "real-estate" });
    await approve(c, PETS);
  });

  const assistantOf = async () => {
    const res = await postVapi(C.vapiEndpoint, assistantRequest(), {
      "x-vapi-secret": C.vapiSecret,
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { assistant: { model: Record<string, unknown> } }).assistant;
  };

  /** Pins the learning flag for org C, as staff would on /staff/flags (null gives it back). */
  const pinLearning = (enabled: boolean | null) =>
    withSystem("test pins a flag", async (tx) => {
      const where = and(
        eq(featureFlagOverrides.orgId, c.orgId),
        eq(featureFlagOverrides.flagKey, FLAGS.learning.key),
      );
      await tx.delete(featureFlagOverrides).where(where);
      if (enabled !== null) {
        await tx
          .insert(featureFlagOverrides)
          .values({ orgId: c.orgId, flagKey: FLAGS.learning.key, enabled });
      }
    });

  it("leaves it out while the org's configuration does not turn it on", async () => {
    expect((await assistantOf()).model.knowledgeBase).toBeUndefined();
  });

  it("points VAPI at the org's own webhook with the secret VAPI sends there, which answers", async () => {
    await enable(c);
    const { knowledgeBase } = (await assistantOf()).model as {
      knowledgeBase: { server: { url: string; headers: Record<string, string> } };
    };
    expect(knowledgeBase).toEqual({
      provider: "custom-knowledge-base",
      server: {
        url: `${PUBLIC_URL}/api/webhooks/vapi/${C.vapiEndpoint}`,
        headers: { "x-vapi-secret": C.vapiSecret },
        timeoutSeconds: expect.any(Number),
      },
    });
    // What VAPI then sends to the declared server, with the declared headers, is answered.
    const endpoint = knowledgeBase.server.url.split("/").at(-1)!;
    const res = await postVapi(
      endpoint,
      request(["user", "Do you accept pets in the rentals?"]),
      knowledgeBase.server.headers,
    );
    expect(res.status).toBe(200);
    const { documents } = (await res.json()) as { documents: { content: string }[] };
    expect(documents[0]?.content).toBe(`${PETS.question}\n${PETS.answer}`);
  });

  it("leaves it out while the learning module is off for the org", async () => {
    await pinLearning(false);
    try {
      expect((await assistantOf()).model.knowledgeBase).toBeUndefined();
    } finally {
      await pinLearning(null);
    }
  });

  it("declares nothing VAPI could not authenticate with", () => {
    const url = "https://luneo.example/api/webhooks/vapi/x";
    expect(knowledgeBaseDeclaration(url, "bearer", "s3cret")?.server.headers).toEqual({
      authorization: "Bearer s3cret",
    });
    // HMAC signs each body with a credential kept in VAPI; without a secret nothing matches.
    expect(knowledgeBaseDeclaration(url, "hmac", "s3cret")).toBeNull();
    expect(knowledgeBaseDeclaration(url, "x-vapi-secret", undefined)).toBeNull();
  });
});
