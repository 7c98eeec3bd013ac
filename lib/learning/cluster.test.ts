import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clusterQuestions, type QuestionItem } from "./cluster";
import type { Similarity } from "./similarity";

const items = (questions: [string, "en" | "fr"][]): QuestionItem[] =>
  questions.map(([question, language], i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    question,
    language,
  }));

const QUESTIONS = items([
  ["Do you accept pets in your rentals?", "en"],
  ["Are pets allowed in the apartment?", "en"],
  ["Can I bring my dog to the rental?", "en"],
  ["Is my dog allowed in the rental flat?", "en"],
  ["What are the HOA fees for the condo?", "en"],
  ["How much are the HOA fees?", "en"],
  ["Do you offer virtual tours?", "en"],
  ["Can I do a virtual tour of the house?", "en"],
  ["Les frais de notaire sont-ils compris ?", "fr"],
  ["Est-ce que les frais de notaire sont inclus dans le prix ?", "fr"],
  ["Livrez-vous le samedi ?", "fr"],
  ["Est-ce que vous livrez le samedi ?", "fr"],
]);

const partition = (clusters: ReturnType<typeof clusterQuestions>) =>
  clusters.map((c) => ({ canonical: c.canonical.id, members: c.members.map((m) => m.id) }));

describe("clustering questions into gaps", () => {
  it("puts paraphrases together and keeps topics and languages apart", () => {
    const clusters = clusterQuestions(QUESTIONS);
    const groups = clusters.map((c) => c.members.map((m) => m.question).sort());
    expect(groups).toContainEqual(
      ["Do you offer virtual tours?", "Can I do a virtual tour of the house?"].sort(),
    );
    expect(groups).toContainEqual(
      ["How much are the HOA fees?", "What are the HOA fees for the condo?"].sort(),
    );
    expect(groups).toContainEqual(
      ["Est-ce que vous livrez le samedi ?", "Livrez-vous le samedi ?"].sort(),
    );
    for (const c of clusters) expect(new Set(c.members.map((m) => m.language)).size).toBe(1);
  });

  it("gives the same gaps whatever order the questions arrive in", () => {
    const expected = partition(clusterQuestions(QUESTIONS));
    fc.assert(
      fc.property(fc.shuffledSubarray(QUESTIONS, { minLength: QUESTIONS.length }), (shuffled) => {
        expect(partition(clusterQuestions(shuffled))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("is order-independent for any set of questions, not only this one", () => {
    const word = fc.constantFrom(
      "pets",
      "dog",
      "fees",
      "tour",
      "virtual",
      "parking",
      "garden",
      "deliver",
      "return",
      "refund",
      "livraison",
      "samedi",
      "notaire",
      "frais",
      "balcon",
    );
    const question = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => `${w.join(" ")}?`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(question, fc.constantFrom("en" as const, "fr" as const)), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.infiniteStream(fc.nat()),
        (raw, seeds) => {
          const set = items(raw);
          const keys = set.map(() => seeds.next().value as number);
          const shuffled = set
            .map((item, i) => ({ item, key: keys[i]! }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
          expect(partition(clusterQuestions(shuffled))).toEqual(partition(clusterQuestions(set)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is order-independent under a dense similarity with its own thresholds (embeddings)", () => {
    // Each question's vector from its words, as an embeddings provider's would be: dense, with
    // cosines on another scale than the lexical ones.
    const dense: Similarity = {
      name: "dense-test",
      thresholds: { join: 0.8, leader: 0.95, merge: 0.7 },
      vectorize(text) {
        const v = new Map<string, number>();
        for (let d = 0; d < 8; d++) v.set(String(d), 0.1);
        for (const word of text.split(/\W+/).filter(Boolean)) {
          const d = String([...word].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 8, 7));
          v.set(d, v.get(d)! + 1);
        }
        return v;
      },
    };
    const word = fc.constantFrom("pets", "dog", "fees", "tour", "parking", "livraison", "frais");
    const question = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(question, fc.constantFrom("en" as const, "fr" as const)), {
          minLength: 1,
          maxLength: 30,
        }),
        (raw) => {
          const set = items(raw);
          const reversed = set.toReversed();
          expect(partition(clusterQuestions(reversed, dense))).toEqual(
            partition(clusterQuestions(set, dense)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
