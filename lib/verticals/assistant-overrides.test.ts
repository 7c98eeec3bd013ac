import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ASSISTANT_VARIABLES,
  assistantOverridesFor,
  isOpenAt,
  localTime,
} from "./assistant-overrides";
import { describeOpeningHours } from "./hours-text";
import { DAYS, type VerticalContent, type WeeklyHours } from "./content";
import { realEstateV1 } from "./templates/real-estate-v1";

// Real estate v1: Mon–Fri 09:00–12:30 and 14:00–19:00, Sat 10:00–17:00, Sun closed.
const config: VerticalContent = realEstateV1;
const org = { name: "Harbour Homes", timezone: "UTC" };
const GREETING =
  "Hi, thanks for calling Harbour Homes! I'm the virtual assistant — how can I help you today?";

const withHours = (hours: Partial<WeeklyHours>): VerticalContent => ({
  ...config,
  hours: { ...config.hours, ...hours },
});
const openAt = (iso: string, timezone = "UTC", c: VerticalContent = config) =>
  assistantOverridesFor(c, { ...org, timezone }, null, new Date(iso)).variableValues.openNow;

describe("assistantOverridesFor", () => {
  it("answers as before verticals (caller variables only, no first message) without a configuration", () => {
    expect(assistantOverridesFor(null, org, null, new Date("2026-11-23T10:00:00Z"))).toStrictEqual({
      variableValues: {
        businessName: "Harbour Homes",
        customerKnown: false,
        customerName: "",
        lastInteractionAt: "",
        luneoContactId: "",
        customerSummary: "",
        customerOpenItems: "",
        customerFacts: "",
      },
    });
  });

  it("passes on what Luneo knows of the caller", () => {
    const caller = {
      id: "0b9f2a3e-5c1d-4e8f-9a7b-6c5d4e3f2a1b",
      name: "Dana Whitfield",
      lastInteractionAt: new Date("2026-11-20T16:05:00.000Z"),
    };
    for (const c of [null, config]) {
      expect(
        assistantOverridesFor(c, org, caller, new Date("2026-11-23T10:00:00Z")).variableValues,
      ).toMatchObject({
        customerKnown: true,
        customerName: "Dana Whitfield",
        lastInteractionAt: "2026-11-20T16:05:00.000Z",
        luneoContactId: caller.id,
      });
    }
    const unnamed = assistantOverridesFor(
      config,
      org,
      { ...caller, name: null, lastInteractionAt: null },
      new Date("2026-11-23T10:00:00Z"),
    );
    expect(unnamed.variableValues).toMatchObject({ customerName: "", lastInteractionAt: "" });
  });

  it("passes on what Luneo remembers of the caller (the memory job's agent brief)", () => {
    const caller = {
      id: "0b9f2a3e-5c1d-4e8f-9a7b-6c5d4e3f2a1b",
      name: null,
      lastInteractionAt: new Date("2026-11-20T16:05:00.000Z"),
      brief: {
        customerName: "Dana Whitfield",
        customerSummary: "16 Nov (call): Looking to buy a 3-bedroom house in Harbour.",
        customerOpenItems: "Send the caller the brochure for Harbour View",
        customerFacts: "budget: 500000; area: Harbour",
      },
    };
    for (const c of [null, config]) {
      expect(
        assistantOverridesFor(c, org, caller, new Date("2026-11-23T10:00:00Z")).variableValues,
      ).toMatchObject({
        customerKnown: true,
        // The contact has no name yet: the one the caller gave on a call.
        customerName: "Dana Whitfield",
        customerSummary: "16 Nov (call): Looking to buy a 3-bedroom house in Harbour.",
        customerOpenItems: "Send the caller the brochure for Harbour View",
        customerFacts: "budget: 500000; area: Harbour",
      });
    }
    // The contact's own name wins; a brief that is not text reads as nothing.
    const odd = assistantOverridesFor(
      null,
      org,
      { ...caller, name: "Dana W.", brief: { customerSummary: 42, customerFacts: null } },
      new Date("2026-11-23T10:00:00Z"),
    );
    expect(odd.variableValues).toMatchObject({
      customerName: "Dana W.",
      customerSummary: "",
      customerOpenItems: "",
      customerFacts: "",
    });
  });

  it("greets with the business name filled in while open, and adds the closed message when closed", () => {
    const open = assistantOverridesFor(config, org, null, new Date("2026-11-23T10:00:00Z"));
    expect(open.firstMessage).toBe(GREETING);
    expect(open.variableValues.openNow).toBe(true);

    // Sunday: closed all day.
    const sunday = assistantOverridesFor(config, org, null, new Date("2026-11-22T11:00:00Z"));
    expect(sunday.variableValues.openNow).toBe(false);
    expect(sunday.firstMessage).toBe(`${GREETING} ${config.agent.closedMessage}`);
  });

  it("fills in every {{businessName}} (spaces allowed) literally, whatever the name holds", () => {
    const name = "Smith & Sons $& $1 Co";
    const custom: VerticalContent = {
      ...config,
      agent: {
        ...config.agent,
        greeting: "Welcome to {{businessName}}! {{ businessName }} here.",
        closedMessage: "{{businessName}} is closed.",
      },
    };
    const out = assistantOverridesFor(
      custom,
      { name, timezone: "UTC" },
      null,
      new Date("2026-11-22T11:00:00Z"),
    );
    expect(out.firstMessage).toBe(`Welcome to ${name}! ${name} here. ${name} is closed.`);
    expect(out.variableValues.persona).toContain(`the virtual assistant of ${name}, a real-estate`);
    expect(JSON.stringify(out)).not.toMatch(/\{\{/);
  });

  it("gives the agent its persona, language, hours, knowledge, questions and escalation rules as text", () => {
    const { variableValues: v } = assistantOverridesFor(
      config,
      org,
      null,
      new Date("2026-11-23T10:00:00Z"),
    );
    expect(v.language).toBe("en-US");
    expect(v.openingHours).toBe("Mon–Fri 09:00–12:30, 14:00–19:00; Sat 10:00–17:00; Sun closed");
    expect(v.knowledge!.startsWith("Q: How do I book a viewing?\nA: I can arrange that")).toBe(
      true,
    );
    expect(v.knowledge!.split("\n\n")).toHaveLength(Object.keys(config.knowledge).length);
    expect(v.qualificationQuestions!.split("\n")).toEqual([
      "1. Are you looking to buy, rent, sell, or let a property? (Buy / Rent / Sell / Let)",
      expect.stringMatching(/^2\. What budget do you have in mind: .* \(in USD\)$/),
      expect.stringMatching(/^3\. Which area or neighborhoods .*\?$/),
      expect.stringMatching(/^4\. When are you hoping .* \(As soon as possible \/ Within 3 months/),
      expect.stringMatching(/^5\. How many bedrooms .* \(in bedrooms\)$/),
    ]);
    expect(v.escalationRules!.split("\n")[0]).toBe(
      '1. When: The caller asks to speak to an agent or a person. Then: transfer the call to a person, saying: "Of course — let me put you through to one of our agents now. Please stay on the line."',
    );
    expect(v.escalationRules!.split("\n")).toHaveLength(5);
  });

  it("lists entries by position, not by key or insertion order", () => {
    const custom: VerticalContent = {
      ...config,
      knowledge: {
        a: { position: 2, question: "Third?", answer: "3" },
        b: { position: 0, question: "First?", answer: "1" },
        c: { position: 1, question: "Second?", answer: "2" },
      },
      qualification: {
        z: { position: 1, question: "Budget?", field: { key: "b", label: "B", type: "text" } },
        y: { position: 0, question: "Area?", field: { key: "a", label: "A", type: "text" } },
      },
    };
    const { variableValues: v } = assistantOverridesFor(
      custom,
      org,
      null,
      new Date("2026-11-23T10:00:00Z"),
    );
    expect(v.knowledge).toBe("Q: First?\nA: 1\n\nQ: Second?\nA: 2\n\nQ: Third?\nA: 3");
    expect(v.qualificationQuestions).toBe("1. Area?\n2. Budget?");
  });

  it("is small and deterministic: the same input gives the same bytes, and nothing else of the configuration", () => {
    const now = new Date("2026-11-23T10:00:00Z");
    const a = JSON.stringify(assistantOverridesFor(config, org, null, now));
    const b = JSON.stringify(assistantOverridesFor(structuredClone(config), org, null, now));
    expect(a).toBe(b);
    for (const absent of ["valuePerOutcome", "serverMessages", "automations", "tagline"]) {
      expect(a).not.toContain(absent);
    }
    // The template's texts are ~12 kB; the answer adds little around them.
    expect(a.length).toBeLessThan(14_000);
  });

  it("names exactly the variables it sends in ASSISTANT_VARIABLES", () => {
    const { variableValues } = assistantOverridesFor(config, org, null, new Date());
    expect(ASSISTANT_VARIABLES.map((v) => v.name)).toEqual(Object.keys(variableValues));
    for (const v of ASSISTANT_VARIABLES) expect(v.description.length).toBeLessThan(90);
  });
});

describe("openNow", () => {
  it("reads split hours, with the closing time excluded", () => {
    // Monday 23 November 2026, UTC.
    const monday = (clock: string) => openAt(`2026-11-23T${clock}Z`);
    expect(monday("08:59:59")).toBe(false);
    expect(monday("09:00:00")).toBe(true);
    expect(monday("12:29:59")).toBe(true);
    expect(monday("12:30:00")).toBe(false);
    expect(monday("13:59:59")).toBe(false);
    expect(monday("14:00:00")).toBe(true);
    expect(monday("18:59:59")).toBe(true);
    expect(monday("19:00:00")).toBe(false);
    expect(monday("00:00:00")).toBe(false);
  });

  it("is closed all of a day without intervals", () => {
    for (const clock of ["00:00", "09:30", "12:00", "15:00", "23:59"]) {
      expect(openAt(`2026-11-22T${clock}:00Z`)).toBe(false);
    }
  });

  it("reads the hours on the org's wall clock (Europe/Paris, winter and summer time)", () => {
    // 08:30 UTC is 09:30 in Paris in November (UTC+1) and 10:30 in July (UTC+2).
    expect(openAt("2026-11-23T08:30:00Z", "UTC")).toBe(false);
    expect(openAt("2026-11-23T08:30:00Z", "Europe/Paris")).toBe(true);
    expect(openAt("2026-07-06T07:30:00Z", "UTC")).toBe(false);
    expect(openAt("2026-07-06T07:30:00Z", "Europe/Paris")).toBe(true);
    // Closing at 19:00 Paris time is 18:00 UTC in winter, 17:00 UTC in summer.
    expect(openAt("2026-11-23T17:59:59Z", "Europe/Paris")).toBe(true);
    expect(openAt("2026-11-23T18:00:00Z", "Europe/Paris")).toBe(false);
    expect(openAt("2026-07-06T16:59:59Z", "Europe/Paris")).toBe(true);
    expect(openAt("2026-07-06T17:00:00Z", "Europe/Paris")).toBe(false);
    expect(localTime(new Date("2026-11-23T08:30:00Z"), "Europe/Paris")).toEqual({
      day: "mon",
      minute: 9 * 60 + 30,
    });
  });

  it("takes the weekday from the org's time zone too", () => {
    // Sunday 00:30 UTC (closed) is still Saturday 16:30 in Los Angeles (open 10:00–17:00).
    expect(openAt("2026-11-22T00:30:00Z", "UTC")).toBe(false);
    expect(openAt("2026-11-22T00:30:00Z", "America/Los_Angeles")).toBe(true);
    expect(openAt("2026-11-22T01:00:00Z", "America/Los_Angeles")).toBe(false);
    // Monday 10:00 UTC is already Monday 23:00 in Auckland (UTC+13 in November): closed.
    expect(openAt("2026-11-23T10:00:00Z", "Pacific/Auckland")).toBe(false);
    // Sunday 21:00 UTC is Monday 10:00 in Auckland: open.
    expect(openAt("2026-11-22T21:00:00Z", "Pacific/Auckland")).toBe(true);
    // Half-hour offset: 03:30 UTC is 09:00 in Kolkata.
    expect(openAt("2026-11-23T03:29:59Z", "Asia/Kolkata")).toBe(false);
    expect(openAt("2026-11-23T03:30:00Z", "Asia/Kolkata")).toBe(true);
  });

  it("reads midnight as 00:00, and falls back to UTC for a time zone the runtime does not know", () => {
    const early = withHours({ mon: [{ open: "00:00", close: "00:30" }] });
    expect(openAt("2026-11-23T00:00:00Z", "UTC", early)).toBe(true);
    expect(openAt("2026-11-22T23:00:00Z", "Europe/Paris", early)).toBe(true);
    expect(openAt("2026-11-23T00:15:00Z", "Not/AZone", early)).toBe(true);
    expect(openAt("2026-11-23T00:45:00Z", "Not/AZone", early)).toBe(false);
  });

  // Zones without daylight saving time, so the test knows their offset without asking Intl.
  const FIXED_ZONES: [string, number][] = [
    ["UTC", 0],
    ["Etc/GMT-14", 14 * 60],
    ["Etc/GMT+12", -12 * 60],
    ["Asia/Kolkata", 5 * 60 + 30],
    ["Asia/Kathmandu", 5 * 60 + 45],
    ["Asia/Tokyo", 9 * 60],
    ["America/Phoenix", -7 * 60],
    ["Pacific/Marquesas", -(9 * 60 + 30)],
  ];
  const clock = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const interval = fc
    .uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 2, maxLength: 2 })
    .map(([x, y]) => ({ open: clock(Math.min(x!, y!)), close: clock(Math.max(x!, y!)) }));
  const weeklyHours = fc.record(
    Object.fromEntries(DAYS.map((d) => [d, fc.array(interval, { maxLength: 4 })])) as Record<
      (typeof DAYS)[number],
      fc.Arbitrary<{ open: string; close: string }[]>
    >,
  );
  const MONDAY = Date.UTC(2026, 10, 23); // Monday 23 November 2026, 00:00 UTC

  it("property: openNow is true exactly when the local time falls in one of the day's intervals", () => {
    fc.assert(
      fc.property(
        weeklyHours,
        fc.constantFrom(...FIXED_ZONES),
        fc.integer({ min: -300, max: 300 }), // weeks away from MONDAY
        fc.integer({ min: 0, max: 6 }),
        fc.oneof(
          fc.integer({ min: 0, max: 1439 }).map((m) => ({ m })),
          // Right at, or a minute either side of, one of that day's boundaries.
          fc.record({ pick: fc.nat(), shift: fc.integer({ min: -1, max: 1 }) }),
        ),
        fc.integer({ min: 0, max: 59_999 }),
        (hours, [zone, offset], week, dayIndex, when, ms) => {
          const day = DAYS[dayIndex]!;
          const toMinute = (c: string) => Number(c.slice(0, 2)) * 60 + Number(c.slice(3));
          let minute: number;
          if ("m" in when) minute = when.m;
          else {
            const boundaries = hours[day].flatMap((i) => [toMinute(i.open), toMinute(i.close)]);
            const at = boundaries.length ? boundaries[when.pick % boundaries.length]! : 720;
            minute = Math.min(1439, Math.max(0, at + when.shift));
          }
          const now = new Date(
            MONDAY + week * 7 * 86_400_000 + (dayIndex * 1440 + minute - offset) * 60_000 + ms,
          );
          const expected = hours[day].some(
            (i) => toMinute(i.open) <= minute && minute < toMinute(i.close),
          );
          expect(isOpenAt(hours, zone, now)).toBe(expected);
          const out = assistantOverridesFor(
            { ...config, hours },
            { name: "X", timezone: zone },
            null,
            now,
          );
          expect(out.variableValues.openNow).toBe(expected);
          expect(out.firstMessage!.endsWith(config.agent.closedMessage)).toBe(!expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("describeOpeningHours", () => {
  const closed: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const nineToSix = [{ open: "09:00", close: "18:00" }];

  it("merges neighbouring days with the same hours", () => {
    expect(
      describeOpeningHours({
        ...closed,
        mon: nineToSix,
        tue: nineToSix,
        wed: nineToSix,
        thu: nineToSix,
        fri: nineToSix,
        sat: [{ open: "10:00", close: "14:00" }],
      }),
    ).toBe("Mon–Fri 09:00–18:00; Sat 10:00–14:00; Sun closed");
    expect(describeOpeningHours(closed)).toBe("Mon–Sun closed");
  });

  it("does not merge days that are not neighbours, and lists a day's intervals in time order", () => {
    expect(
      describeOpeningHours({
        ...closed,
        mon: nineToSix,
        wed: [
          { open: "14:00", close: "18:00" },
          { open: "08:00", close: "12:00" },
        ],
        thu: [
          { open: "08:00", close: "12:00" },
          { open: "14:00", close: "18:00" },
        ],
        sun: nineToSix,
      }),
    ).toBe(
      "Mon 09:00–18:00; Tue closed; Wed–Thu 08:00–12:00, 14:00–18:00; Fri–Sat closed; Sun 09:00–18:00",
    );
  });
});
