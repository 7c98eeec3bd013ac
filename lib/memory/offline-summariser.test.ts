import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STRUCTURED_DATA, SUMMARY } from "@/test/fixtures/vapi";
import { isWordless, summariseOffline } from "./offline-summariser";
import {
  FACT_KEY_MAX_CHARS,
  FACT_VALUE_MAX_CHARS,
  MAX_FACTS_PER_CONVERSATION,
  MAX_OPEN_ITEMS_PER_CONVERSATION,
  OPEN_ITEM_MAX_CHARS,
  ROLLING_SUMMARY_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  sentenceKey,
  sentences,
  type ConversationForMemory,
  type MemoryTurn,
} from "./summariser";
import {
  ECOMMERCE_CALL,
  ECOMMERCE_FIELDS,
  REAL_ESTATE_CALL,
  REAL_ESTATE_FIELDS,
  RENTAL_SMS,
} from "@/test/fixtures/memory";

const input = (over: Partial<ConversationForMemory>): ConversationForMemory => ({
  channel: "voice",
  at: new Date("2026-11-16T10:30:00Z"),
  timeZone: "Europe/London",
  turns: [],
  analysis: null,
  memory: { previousSummaries: [], openItems: [], facts: [] },
  qualificationFields: [],
  ...over,
});

const factsOf = (draft: { facts: { key: string; value: string }[] }) =>
  Object.fromEntries(draft.facts.map((f) => [f.key, f.value]));

describe("the offline summariser", () => {
  it("reads a real-estate call: the request, the lead fields, the agent's promises", () => {
    const draft = summariseOffline(
      input({ turns: REAL_ESTATE_CALL, qualificationFields: REAL_ESTATE_FIELDS }),
    );
    expect(draft.source).toBe("offline");
    expect(draft.summary).toBe(
      'The caller said: "I\'m looking to buy a three-bedroom house in Harbour View, ideally with a garden." Follow-up: Email the caller the brochure for the two houses on Quay Street today.',
    );
    expect(factsOf(draft)).toEqual({
      buy_or_rent: "Buy",
      budget: "650000",
      area: "Harbour View",
      timing: "Within 3 months",
      bedrooms: "3",
      name: "Priya Raman",
      email: "priya.raman@example.com",
    });
    expect(draft.facts.every((f) => f.source === "offline")).toBe(true);
    expect(draft.openItems).toEqual([
      "Email the caller the brochure for the two houses on Quay Street today",
      "One of our agents will call the caller back tomorrow morning to arrange viewings",
    ]);
    expect(draft.rollingSummary).toBe(`16 Nov (call): ${draft.summary}`);
  });

  it("reads an e-commerce call: order number, spoken email, issue type", () => {
    const draft = summariseOffline(
      input({ turns: ECOMMERCE_CALL, qualificationFields: ECOMMERCE_FIELDS }),
    );
    expect(draft.summary).toMatch(/^The caller said: "My parcel hasn't arrived yet\./);
    expect(factsOf(draft)).toEqual({
      order_number: "48213",
      order_email: "sam.okafor@gmail.com",
      issue_type: "Where is my order",
    });
    expect(draft.openItems).toEqual([
      "Open a trace with the courier",
      "Send the caller an email update within 24 hours",
      'Reply to the caller\'s request: "Can you text me the tracking link too?"',
      "Text the caller the tracking link right after this call",
    ]);
  });

  it("reads an SMS thread, with the callback the texter asked for", () => {
    const draft = summariseOffline(
      input({ channel: "sms", turns: RENTAL_SMS, qualificationFields: REAL_ESTATE_FIELDS }),
    );
    expect(draft.summary).toMatch(/^By text, the caller wrote: "Is the 2-bed flat on Marine/);
    expect(factsOf(draft)).toMatchObject({
      buy_or_rent: "Rent",
      area: "Marine Parade",
      bedrooms: "2",
      budget: "1400",
    });
    expect(draft.openItems).toEqual(["Call the caller back (they asked)"]);
    expect(draft.rollingSummary.startsWith("16 Nov (SMS): ")).toBe(true);
  });

  it("prefers VAPI's analysis: its summary, and its structured data as facts", () => {
    const long = summariseOffline(
      input({
        analysis: {
          summary: `${SUMMARY} The customer also asked about a water softener.`,
          structuredData: null,
        },
      }),
    );
    expect(long.summary).toBe(SUMMARY); // at most three sentences

    const draft = summariseOffline(
      input({
        turns: [{ role: "user", content: "My order number is 99887 and my budget is $300." }],
        analysis: {
          summary: SUMMARY,
          structuredData: { ...STRUCTURED_DATA, orderNumber: "A-1001", notes: { nested: true } },
        },
        qualificationFields: ECOMMERCE_FIELDS,
      }),
    );
    // VAPI's summary is three sentences, within the bounds: kept as it is.
    expect(draft.summary).toBe(SUMMARY);
    expect(draft.facts).toEqual(
      expect.arrayContaining([
        { key: "customer_name", value: "Dana Whitfield", source: "vapi" },
        { key: "appointment_booked", value: "yes", source: "vapi" },
        // structuredData's orderNumber is the vertical's order_number, and wins over the transcript.
        { key: "order_number", value: "A-1001", source: "vapi" },
        { key: "budget", value: "300", source: "offline" },
      ]),
    );
    expect(draft.facts.some((f) => f.key === "notes")).toBe(false);
  });

  it("adds nothing for a call where the caller said nothing, and keeps only a vertical's own kinds of facts", () => {
    const previousSummaries = [
      {
        at: new Date("2026-11-10T10:00:00Z"),
        channel: "voice" as const,
        summary: "Booked a viewing.",
      },
    ];
    const silent = summariseOffline(
      input({
        turns: [{ role: "assistant", content: "Hello? I'll call you back tomorrow." }],
        memory: { previousSummaries, openItems: [], facts: [] },
      }),
    );
    expect(silent).toEqual({
      source: "offline",
      summary: "",
      facts: [],
      openItems: [],
      rollingSummary: "10 Nov (call): Booked a viewing.",
    });
    const shop = summariseOffline(
      input({
        turns: [{ role: "user", content: "I live in London and need a 2 bedroom place." }],
        qualificationFields: ECOMMERCE_FIELDS,
      }),
    );
    expect(shop.facts).toEqual([]);
  });

  it("puts this conversation first in the rolling summary, older ones after, within 600 characters", () => {
    const older = Array.from({ length: 8 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 9, 1 + i)),
      channel: "sms" as const,
      summary: `Asked about flat number ${i}, ${"with a balcony and parking, ".repeat(4)}near the station. Then asked about rent.`,
    }));
    const draft = summariseOffline(
      input({
        turns: REAL_ESTATE_CALL,
        memory: { previousSummaries: older, openItems: [], facts: [] },
      }),
    );
    expect(draft.rollingSummary.startsWith("16 Nov (call): ")).toBe(true);
    expect(draft.rollingSummary).toContain("8 Oct (SMS): Asked about flat number 7, with");
    expect(draft.rollingSummary.length).toBeLessThanOrEqual(ROLLING_SUMMARY_MAX_CHARS);
    expect(draft.rollingSummary).not.toContain("1 Oct (SMS)");
  });

  it("ignores what an agent offers or does at once: questions, transfers, 'now'", () => {
    const draft = summariseOffline(
      input({
        turns: [
          { role: "user", content: "I'd like to speak to someone about my deposit please." },
          { role: "assistant", content: "Shall I call you back tomorrow?" },
          { role: "assistant", content: "I'll put you through to the office now." },
          { role: "assistant", content: "I'll check that for you right now." },
          { role: "assistant", content: "We'll call you back on Monday." },
        ],
      }),
    );
    expect(draft.openItems).toEqual(["Call the caller back on Monday"]);
  });
});

// Anything a transcript may hold: speech-to-text noise, SMS emoji, control characters, long runs.
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc
    .array(
      fc.constantFrom(
        "I'll",
        "call",
        "you",
        "back",
        "budget",
        "£",
        "500k",
        "order",
        "#",
        "12345",
        "in",
        "Harbour",
        "View",
        "at",
        "dot",
        "com",
        "my name is",
        "Dana",
        ".",
        "?",
        ",",
        "and",
        "we will",
        "send",
        "3-bed",
        "Rent",
      ),
      { maxLength: 80 },
    )
    .map((words) => words.join(" ")),
  fc.constant("a ".repeat(5_000)),
);
const turn: fc.Arbitrary<MemoryTurn> = fc.record({
  role: fc.constantFrom("user", "assistant", "system", "tool"),
  content: text,
});
const field = fc.record({
  key: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
  label: fc.string({ minLength: 1, maxLength: 30 }),
  type: fc.constantFrom("choice", "text", "number", "date"),
  options: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), {
    nil: undefined,
  }),
});
const conversation: fc.Arbitrary<ConversationForMemory> = fc.record({
  channel: fc.constantFrom("voice", "sms", "webchat"),
  at: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
  timeZone: fc.constantFrom("UTC", "Europe/Paris", "Not/AZone"),
  turns: fc.array(turn, { maxLength: 30 }),
  analysis: fc.option(
    fc.record({
      summary: fc.option(text, { nil: null }),
      structuredData: fc.option(fc.dictionary(fc.string({ maxLength: 60 }), fc.jsonValue()), {
        nil: null,
      }),
    }),
    { nil: null },
  ),
  memory: fc.record({
    previousSummaries: fc.array(
      fc.record({
        at: fc.date({ noInvalidDate: true }),
        channel: fc.constantFrom("voice", "sms", "webchat"),
        summary: text,
      }),
      { maxLength: 12 },
    ),
    openItems: fc.constant([]),
    facts: fc.constant([]),
  }),
  qualificationFields: fc.array(field, { maxLength: 6 }),
});

describe("the offline summariser, whatever the transcript", () => {
  it("property: never throws, stays within every bound, and gives the same draft twice", () => {
    fc.assert(
      fc.property(conversation, (c) => {
        const draft = summariseOffline(c);
        expect(draft.source).toBe("offline");
        // A conversation without a word from the caller adds nothing to memory.
        if (isWordless(c)) expect(draft).toMatchObject({ summary: "", facts: [], openItems: [] });
        expect(draft.summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
        const said = sentences(draft.rollingSummary).map(sentenceKey);
        expect(new Set(said).size).toBe(said.length);
        expect(draft.rollingSummary.length).toBeLessThanOrEqual(ROLLING_SUMMARY_MAX_CHARS);
        expect(draft.facts.length).toBeLessThanOrEqual(MAX_FACTS_PER_CONVERSATION);
        expect(new Set(draft.facts.map((f) => f.key)).size).toBe(draft.facts.length);
        for (const fact of draft.facts) {
          expect(fact.key).toMatch(new RegExp(`^[a-z][a-z0-9_]{0,${FACT_KEY_MAX_CHARS - 1}}$`));
          expect(fact.value.trim().length).toBeGreaterThan(0);
          expect(fact.value.length).toBeLessThanOrEqual(FACT_VALUE_MAX_CHARS);
          expect(["vapi", "offline"]).toContain(fact.source);
        }
        expect(draft.openItems.length).toBeLessThanOrEqual(MAX_OPEN_ITEMS_PER_CONVERSATION);
        for (const item of draft.openItems) {
          expect(item.length).toBeGreaterThan(0);
          expect(item.length).toBeLessThanOrEqual(OPEN_ITEM_MAX_CHARS);
        }
        expect(summariseOffline(c)).toEqual(draft);
      }),
      { numRuns: 400 },
    );
  });
});
