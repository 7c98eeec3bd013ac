import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeeklyHours } from "@/lib/verticals/content";
import {
  isAfterHours,
  isBooking,
  isEscalated,
  isQualifiedLead,
  isResolved,
  localDay,
  rollupDay,
  successOf,
  type ConversationFacts,
} from "./classify";

const HOURS: WeeklyHours = {
  mon: [{ open: "09:00", close: "18:00" }],
  tue: [{ open: "09:00", close: "18:00" }],
  wed: [{ open: "09:00", close: "18:00" }],
  thu: [{ open: "09:00", close: "18:00" }],
  fri: [{ open: "09:00", close: "18:00" }],
  sat: [{ open: "10:00", close: "16:00" }],
  sun: [],
};
const LA = {
  timezone: "America/Los_Angeles",
  hours: HOURS,
  qualificationKeys: ["buy_or_rent", "budget", "area", "timing"],
};

const call = (over: Partial<ConversationFacts> = {}): ConversationFacts => ({
  channel: "voice",
  direction: "inbound",
  status: "ended",
  startedAt: new Date("2026-12-02T18:00:00Z"), // Wednesday 10:00 in Los Angeles
  durationSeconds: 180,
  cost: 0.25,
  endedReason: "customer-ended-call",
  structuredData: null,
  successEvaluation: null,
  followedUp: false,
  toolBooking: false,
  telephonyCost: 0,
  ...over,
});

describe("what a conversation counts for", () => {
  it("a transfer is an escalation, never a resolution", () => {
    const c = call({ endedReason: "assistant-forwarded-call" });
    expect(isEscalated(c)).toBe(true);
    expect(isResolved(c)).toBe(false);
    expect(isEscalated(call({ structuredData: { escalated: true } }))).toBe(true);
  });

  it("a caller who gets in touch again within the window was not resolved", () => {
    expect(isResolved(call())).toBe(true);
    expect(isResolved(call({ followedUp: true }))).toBe(false);
    expect(isResolved(call({ status: "in-progress" }))).toBe(false);
  });

  it("a qualified lead answered at least half of the trade's questions", () => {
    expect(
      isQualifiedLead(
        call({ structuredData: { buy_or_rent: "Buy", area: "Marina" } }),
        LA.qualificationKeys,
      ),
    ).toBe(true);
    expect(
      isQualifiedLead(
        call({ structuredData: { buy_or_rent: "Buy", area: "" } }),
        LA.qualificationKeys,
      ),
    ).toBe(false);
    expect(isQualifiedLead(call({ structuredData: { a: 1 } }), [])).toBe(false);
  });

  it("bookings and orders come from the structured data", () => {
    expect(isBooking(call({ structuredData: { viewingBooked: true } }))).toBe(true);
    expect(isBooking(call({ structuredData: { order_number: "A-1042" } }))).toBe(true);
    expect(isBooking(call({ structuredData: { viewingBooked: false } }))).toBe(false);
  });

  it("a booking or order tool that succeeded during the call is a booking too", () => {
    expect(isBooking(call({ toolBooking: true }))).toBe(true);
    expect(isBooking(call({ toolBooking: true, structuredData: { viewingBooked: false } }))).toBe(
      true,
    );
  });

  it("Twilio's price adds to the cost of calls and SMS threads, and is shown apart", () => {
    const day = rollupDay(
      [
        call({ cost: 0.25, telephonyCost: 0.0085 }),
        call({ channel: "sms", status: "open", cost: null, telephonyCost: 0.0079 }),
        // A call nobody answered costs nothing to the agent's figures.
        call({ status: "queued", cost: 0.1, telephonyCost: 0.02 }),
      ],
      LA,
    );
    expect(day.agentCost).toBe(0.2664);
    expect(day.telephonyCost).toBe(0.0164);
  });

  it("reads VAPI's success evaluation in its usual rubrics", () => {
    expect(successOf("true")).toBe(true);
    expect(successOf("Fail")).toBe(false);
    expect(successOf("8")).toBe(true);
    expect(successOf("3")).toBe(false);
    expect(successOf("85%")).toBe(true);
    expect(successOf("maybe")).toBeNull();
    expect(successOf(null)).toBeNull();
  });

  it("after hours follows the opening hours in the org's time zone", () => {
    expect(isAfterHours(new Date("2026-12-02T18:00:00Z"), LA)).toBe(false); // Wed 10:00
    expect(isAfterHours(new Date("2026-12-03T03:30:00Z"), LA)).toBe(true); // Wed 19:30
    expect(isAfterHours(new Date("2026-12-06T19:00:00Z"), LA)).toBe(true); // Sunday
    expect(isAfterHours(new Date("2026-12-03T03:30:00Z"), { ...LA, hours: null })).toBe(false);
  });

  it("a call at 23:30 local belongs to that local day, also on daylight-saving days", () => {
    expect(localDay(new Date("2026-12-03T07:30:00Z"), "America/Los_Angeles")).toBe("2026-12-02");
    // 8 March 2026: clocks go forward at 02:00 in Los Angeles (UTC−8 → UTC−7).
    expect(localDay(new Date("2026-03-09T06:30:00Z"), "America/Los_Angeles")).toBe("2026-03-08");
    expect(localDay(new Date("2026-03-09T07:30:00Z"), "America/Los_Angeles")).toBe("2026-03-09");
    // 1 November 2026: clocks go back (UTC−7 → UTC−8): 23:30 that night is 07:30 UTC.
    expect(localDay(new Date("2026-11-02T07:30:00Z"), "America/Los_Angeles")).toBe("2026-11-01");
  });
});

const factsArb: fc.Arbitrary<ConversationFacts> = fc.record({
  channel: fc.constantFrom("voice" as const, "sms" as const, "webchat" as const),
  direction: fc.constantFrom("inbound" as const, "outbound" as const, null),
  status: fc.constantFrom("queued", "in-progress", "ended", "open"),
  startedAt: fc.date({
    min: new Date("2026-01-01T00:00:00Z"),
    max: new Date("2026-12-31T00:00:00Z"),
    noInvalidDate: true,
  }),
  durationSeconds: fc.option(fc.integer({ min: 0, max: 3600 })),
  cost: fc.option(fc.integer({ min: 0, max: 50_000 }).map((n) => n / 10_000)),
  endedReason: fc.constantFrom(null, "customer-ended-call", "assistant-forwarded-call"),
  structuredData: fc.option(
    fc.record({
      buy_or_rent: fc.constantFrom("Buy", ""),
      area: fc.constantFrom("Marina", ""),
      booked: fc.boolean(),
    }),
  ),
  successEvaluation: fc.constantFrom(null, "true", "false", "7"),
  followedUp: fc.boolean(),
  toolBooking: fc.boolean(),
  telephonyCost: fc.integer({ min: 0, max: 500 }).map((n) => n / 10_000),
});

describe("a day's totals", () => {
  it("do not depend on the order rows come in, nor on how often they are computed", () => {
    fc.assert(
      fc.property(fc.array(factsArb, { maxLength: 40 }), fc.integer(), (rows, seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }),
          { numRuns: 1, seed },
        )[0]!;
        const once = rollupDay(rows, LA);
        expect(rollupDay(shuffled, LA)).toEqual(once);
        expect(rollupDay(rows, LA)).toEqual(once);
      }),
    );
  });

  it("add up: every counted conversation is resolved, escalated or neither, and calls ≤ conversations", () => {
    fc.assert(
      fc.property(fc.array(factsArb, { maxLength: 40 }), (rows) => {
        const t = rollupDay(rows, LA);
        expect(t.resolved + t.escalated).toBeLessThanOrEqual(t.conversations);
        expect(t.callsAnswered + t.smsHandled).toBeLessThanOrEqual(t.conversations);
        expect(t.afterHoursCalls).toBeLessThanOrEqual(t.callsAnswered);
        expect(t.successful).toBeLessThanOrEqual(t.evaluated);
        const outbound = rows.filter((r) => r.channel === "voice" && r.direction === "outbound");
        expect(rollupDay([...rows, ...outbound], LA)).toEqual(t); // calls Luneo placed never count
      }),
    );
  });
});
