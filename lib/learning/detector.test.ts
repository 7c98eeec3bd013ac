import { describe, expect, it } from "vitest";
import { detectSignals, questionOf, type ConversationForSignals } from "./detector";

const at = new Date("2026-11-02T10:00:00Z");
const call = (
  turns: [string, string][],
  extra: Partial<ConversationForSignals> = {},
): ConversationForSignals => ({
  channel: "voice",
  status: "ended",
  endedReason: "assistant-ended-call",
  successEvaluation: null,
  structuredData: null,
  at,
  turns: turns.map(([role, content], seq) => ({ seq, role, content, sentAt: null })),
  ...extra,
});

describe("the rule detector", () => {
  it("gives every assistant turn one signal, with the caller's question before it", () => {
    const signals = detectSignals(
      call([
        ["assistant", "Hi, thanks for calling Seaside Realty. How can I help?"],
        ["user", "Hi, it's Jane Miller. Is the flat on Harbour Street still available?"],
        ["assistant", "Yes, it is, asking 420k. Would you like a viewing?"],
        ["user", "Do you accept pets in your rentals?"],
        ["assistant", "I'm not sure about that, let me check with the team and call you back."],
        ["user", "OK, thanks."],
        ["assistant", "You're welcome, goodbye!"],
      ]),
      "en",
    );
    expect(signals.map((s) => [s.seq, s.outcome])).toEqual([
      [0, "answered"],
      [2, "answered"],
      [4, "deflected"],
      [6, "answered"],
    ]);
    // The caller's name is not part of the question: only the sentence that asks.
    expect(signals[1]!.question).toBe("Is the flat on Harbour Street still available?");
    expect(signals[0]!.question).toBe("");
    expect(signals.every((s) => s.language === "en")).toBe(true);
  });

  it("reads French: deflection, hand-over, a caller who repeats", () => {
    const signals = detectSignals(
      call([
        ["assistant", "Bonjour, agence Rivage, que puis-je pour vous ?"],
        ["user", "Est-ce que les frais de notaire sont compris dans le prix ?"],
        ["assistant", "Je n'ai pas cette information, un conseiller va vous rappeler."],
        ["user", "Vous livrez le samedi ?"],
        ["assistant", "Nous sommes ouverts du lundi au vendredi."],
        ["user", "Oui mais est-ce que vous livrez le samedi ?"],
        ["assistant", "Je vous transfère à un conseiller."],
      ]),
      "en",
    );
    expect(signals.map((s) => s.outcome)).toEqual([
      "answered",
      "deflected",
      "negative",
      "escalated",
    ]);
    expect(signals.every((s) => s.language === "fr")).toBe(true);
  });

  it("marks a question left hanging when the caller hung up as abandoned", () => {
    const signals = detectSignals(
      call(
        [
          ["assistant", "Hello, how can I help?"],
          ["user", "What are your fees for managing a rental?"],
          ["assistant", "It depends on the property. Is it a house or an apartment?"],
        ],
        { endedReason: "customer-ended-call" },
      ),
      "en",
    );
    expect(signals.at(-1)!.outcome).toBe("abandoned");
  });

  it("uses VAPI's analysis: forwarded calls escalate, listed questions and failed evaluations count", () => {
    const turns: [string, string][] = [
      ["assistant", "Hello, how can I help?"],
      ["user", "Can I pay in three instalments?"],
      ["assistant", "Our store is open until 7 pm."],
      ["user", "OK bye."],
      ["assistant", "Goodbye!"],
    ];
    expect(
      detectSignals(call(turns, { endedReason: "assistant-forwarded-call" }), "en").at(-1)!.outcome,
    ).toBe("escalated");
    expect(
      detectSignals(
        call(turns, { structuredData: { unansweredQuestions: ["pay in instalments"] } }),
        "en",
      )[1]!.outcome,
    ).toBe("deflected");
    expect(
      detectSignals(call(turns, { successEvaluation: "false" }), "en").map((s) => s.outcome),
    ).toEqual(["answered", "answered", "negative"]);
  });

  it("keeps only the asking sentences of what the caller said", () => {
    expect(questionOf("Hello. My name is Paul Durand. Do you deliver to Lyon? Thanks.")).toBe(
      "Do you deliver to Lyon?",
    );
    expect(questionOf("I need to return a parcel")).toBe("I need to return a parcel");
    expect(
      questionOf(
        "Hi, it's Jade Martin, I used to rent at 38 Station Road. Still no news about my deposit.",
      ),
    ).toBe("Still no news about my deposit.");
    expect(questionOf("Hi, quick question: do you handle commercial leases?")).toBe(
      "Do you handle commercial leases?",
    );
    expect(questionOf("Bonjour, c'est Zoé Bernard. Vous livrez le samedi ?")).toBe(
      "Vous livrez le samedi ?",
    );
    expect(questionOf("Hello, I'm Paul.")).toBe("");
  });
});
