import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeAgentBrief, mergeOpenItems } from "./agent-brief";
import {
  boundDraft,
  clip,
  composeRollingSummary,
  firstSentences,
  matchQualificationKey,
  normaliseFactKey,
  sentenceKey,
  sentences,
  type PreviousSummary,
} from "./summariser";
import { REAL_ESTATE_FIELDS } from "@/test/fixtures/memory";

describe("fact keys", () => {
  it("normalises any key to snake_case, and maps keys and labels onto the vertical's fields", () => {
    expect(normaliseFactKey("orderNumber")).toBe("order_number");
    expect(normaliseFactKey("  Order number ")).toBe("order_number");
    expect(normaliseFactKey("Préférence d'appel")).toBe("preference_d_appel");
    expect(normaliseFactKey("2nd phone")).toBe("f_2nd_phone");
    expect(normaliseFactKey("!!!")).toBeNull();
    expect(normaliseFactKey("x".repeat(80))).toHaveLength(40);
    expect(matchQualificationKey("Budget", REAL_ESTATE_FIELDS)).toBe("budget");
    expect(matchQualificationKey("buyOrRent", REAL_ESTATE_FIELDS)).toBe("buy_or_rent");
    expect(matchQualificationKey("Buy, rent, sell or let", REAL_ESTATE_FIELDS)).toBe("buy_or_rent");
    expect(matchQualificationKey("parking", REAL_ESTATE_FIELDS)).toBeNull();
  });
});

describe("text bounds", () => {
  it("clips at a word with an ellipsis, and keeps whole first sentences", () => {
    expect(clip("short", 10)).toBe("short");
    expect(clip("the quick brown fox jumps over", 20)).toBe("the quick brown fox…");
    expect(firstSentences("One. Two! Three? Four.", 3, 100)).toBe("One. Two! Three?");
    expect(firstSentences("One sentence here. Another one.", 3, 20)).toBe("One sentence here.");
  });

  it("bounds a draft: deduplicated keys, at most 5 distinct items, summaries cut", () => {
    const draft = boundDraft({
      source: "llm",
      summary: "s".repeat(2_000),
      facts: [
        { key: "Budget", value: "500000", source: "llm" },
        { key: "budget", value: "600000", source: "llm" },
        { key: "", value: "x", source: "llm" },
        { key: "area", value: "   ", source: "llm" },
      ],
      openItems: ["Call back", "call back", "A", "B", "C", "D", "E"],
      rollingSummary: "r".repeat(2_000),
    });
    expect(draft.summary.length).toBeLessThanOrEqual(500);
    expect(draft.rollingSummary.length).toBeLessThanOrEqual(600);
    expect(draft.facts).toEqual([{ key: "budget", value: "500000", source: "llm" }]);
    expect(draft.openItems).toEqual(["Call back", "A", "B", "C", "D"]);
  });
});

describe("the rolling summary", () => {
  it("lists conversations most recent first, in the business's days", () => {
    const text = composeRollingSummary(
      [
        { at: new Date("2026-11-02T23:30:00Z"), channel: "sms", summary: "Asked about rent." },
        { at: new Date("2026-11-16T10:00:00Z"), channel: "voice", summary: "Booked a viewing." },
      ],
      "Asia/Tokyo",
    );
    // 23:30 UTC on 2 Nov is already 3 Nov in Tokyo.
    expect(text).toBe("16 Nov (call): Booked a viewing. 3 Nov (SMS): Asked about rent.");
  });
});

/** The sentences of a rolling summary, without each line's "16 Nov (call): " lead. */
const sentencesSaid = (text: string) =>
  sentences(text.replace(/\d{1,2} [A-Z][a-z]{2,3} \((?:call|SMS|chat)\): /g, "")).map(sentenceKey);

// A few sentences, so that generated summaries repeat each other (and themselves) often.
const SENTENCES = [
  "A call with no recorded words from the caller.",
  "Booked a viewing.",
  "booked a viewing",
  "Asked about rent!",
  'The caller said: "Is the flat still free?"',
  "Wants a call back.",
];
const entries = fc.array(
  fc.record({
    at: fc.date({ min: new Date("2026-01-01"), max: new Date("2026-12-31"), noInvalidDate: true }),
    channel: fc.constantFrom("voice" as const, "sms" as const, "webchat" as const),
    summary: fc
      .array(fc.constantFrom(...SENTENCES), { minLength: 0, maxLength: 3 })
      .map((s) => s.join(" ")),
  }),
  { maxLength: 12 },
);

describe("the rolling summary never repeats itself", () => {
  it("says no sentence twice, whatever the conversations and their order (property)", () => {
    fc.assert(
      fc.property(entries, (list: PreviousSummary[]) => {
        const said = sentencesSaid(composeRollingSummary(list, "Europe/Paris"));
        expect(new Set(said).size).toBe(said.length);
      }),
    );
  });

  it("still says every distinct sentence that fits, most recent first (property)", () => {
    fc.assert(
      fc.property(entries, (list: PreviousSummary[]) => {
        const text = composeRollingSummary(list, "UTC");
        if (text.length > 400) return; // older lines may have been dropped to fit
        const expected = new Set(
          list.flatMap((e) => sentences(firstSentences(e.summary, 2, 240)).map(sentenceKey)),
        );
        expect(new Set(sentencesSaid(text))).toEqual(expected);
      }),
    );
  });

  it("holds an LLM's rolling summary to the same rule", () => {
    const draft = boundDraft({
      source: "llm",
      summary: "Asked about rent.",
      facts: [],
      openItems: [],
      rollingSummary:
        "A call with no recorded words from the caller. A call with no recorded words from the caller. Asked about rent. a call with no recorded words from the caller",
    });
    expect(draft.rollingSummary).toBe(
      "A call with no recorded words from the caller. Asked about rent.",
    );
  });

  it("nine calls without words and one with: the one is what the agent hears", () => {
    const silent = Array.from({ length: 9 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 10 + i)),
      channel: "voice" as const,
      summary: "",
    }));
    const text = composeRollingSummary(
      [
        ...silent,
        { at: new Date("2026-11-05T10:00:00Z"), channel: "voice", summary: "Booked a viewing." },
      ],
      "UTC",
    );
    expect(text).toBe("5 Nov (call): Booked a viewing.");
  });
});

describe("the agent brief", () => {
  it("is what the agent hears: name, summary, open items and key facts, lead fields first", () => {
    const brief = computeAgentBrief({
      contactName: null,
      summary: "16 Nov (call): Looking to buy in Harbour View.",
      openItems: [
        { text: "Send the brochure", conversationId: "c1", createdAt: "2026-11-16T10:00:00Z" },
        { text: "Call back tomorrow", conversationId: "c1", createdAt: "2026-11-16T10:00:00Z" },
      ],
      facts: [
        { key: "email", value: "priya@example.com" },
        { key: "name", value: "Priya Raman" },
        { key: "area", value: "Harbour View" },
        { key: "budget", value: "650000" },
      ],
      qualificationKeys: ["buy_or_rent", "budget", "area"],
    });
    expect(brief).toEqual({
      customerName: "Priya Raman",
      customerSummary: "16 Nov (call): Looking to buy in Harbour View.",
      customerOpenItems: "Send the brochure; Call back tomorrow",
      customerFacts: "budget: 650000; area: Harbour View; email: priya@example.com",
    });
    expect(
      computeAgentBrief({
        contactName: "Priya R.",
        summary: "",
        openItems: [],
        facts: [{ key: "name", value: "Priya Raman" }],
        qualificationKeys: [],
      }),
    ).toEqual({
      customerName: "Priya R.",
      customerSummary: "",
      customerOpenItems: "",
      customerFacts: "",
    });
  });

  it("keeps whole facts within its bound", () => {
    const facts = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: "v".repeat(30) }));
    const brief = computeAgentBrief({
      contactName: null,
      summary: "",
      openItems: [],
      facts,
      qualificationKeys: [],
    });
    expect(brief.customerFacts.length).toBeLessThanOrEqual(600);
    expect(brief.customerFacts.endsWith("v".repeat(30))).toBe(true);
  });

  it("replaces a conversation's open items, keeping the others, newest first, at most 10", () => {
    const item = (text: string, conversationId: string, day: number) => ({
      text,
      conversationId,
      createdAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
    });
    const current = [item("old promise", "a", 10), item("other", "b", 5)];
    const merged = mergeOpenItems(current, "a", [item("new promise", "a", 10)]);
    expect(merged.map((i) => i.text)).toEqual(["new promise", "other"]);
    const many = Array.from({ length: 15 }, (_, i) => item(`p${i}`, `c${i}`, i + 1));
    expect(mergeOpenItems(many, "x", []).map((i) => i.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `p${14 - i}`),
    );
  });
});
