import { drainInbox } from "@/test/inbox";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  conversations,
  featureFlagOverrides,
  roiDailyRollups,
  roiSettingsVersions,
} from "@/db/schema";
import { FLAGS } from "@/lib/flags/registry";
import type { TenantContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { chooseVertical, saveBusinessProfile, saveRoiAssumptions } from "@/lib/onboarding/service";
import { parseInput } from "@/lib/parse-input";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { endOfCallReport, VAPI_IDS } from "@/test/fixtures/vapi";
import { connectChannels, postVapi } from "@/test/webhooks";
import { compareFormula, getRoiForecast, getRoiReport, getRoiSettings } from "./queries";
import { roiRangeSchema } from "./schemas";
import { adoptFormula, backfillRollups, refreshRollups, saveRoiSettings } from "./service";
import { todayIn } from "./rollup";

await setupFreshDatabase();
afterAll(stopBoss);

const HOURS = {
  mon: [{ open: "09:00", close: "18:00" }],
  tue: [{ open: "09:00", close: "18:00" }],
  wed: [{ open: "09:00", close: "18:00" }],
  thu: [{ open: "09:00", close: "18:00" }],
  fri: [{ open: "09:00", close: "18:00" }],
  sat: [],
  sun: [],
};

async function realEstateAgency(): Promise<TestOwner> {
  const owner = await createOwner();
  await saveBusinessProfile(owner.ctx, {
    name: "Harbour Homes",
    country: "US",
    timezone: "America/Los_Angeles",
    language: "en-US",
    hours: HOURS,
  });
  await chooseVertical(owner.ctx, { slug: "real-estate", version: 2 });
  return owner;
}

type Seed = {
  at: string;
  contactId?: string | null;
  channel?: "voice" | "sms";
  endedReason?: string;
  cost?: number;
  seconds?: number;
  structuredData?: Record<string, unknown>;
  successEvaluation?: string;
};

async function insertContactRow(ctx: TenantContext, phone: string): Promise<string> {
  const { contacts } = await import("@/db/schema");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(contacts)
      .values({ orgId: tx.orgId, phoneE164: phone, channels: ["voice"] })
      .returning({ id: contacts.id });
    return row!.id;
  });
}

async function insertConversations(ctx: TenantContext, seeds: readonly Seed[]) {
  await withTenant(ctx, (tx) =>
    tx.insert(conversations).values(
      seeds.map((s) => ({
        orgId: tx.orgId,
        contactId: s.contactId ?? null,
        channel: s.channel ?? ("voice" as const),
        direction: "inbound" as const,
        status: "ended",
        startedAt: new Date(s.at),
        endedAt: new Date(new Date(s.at).getTime() + (s.seconds ?? 120) * 1000),
        durationSeconds: (s.channel ?? "voice") === "voice" ? (s.seconds ?? 120) : null,
        endedReason: s.endedReason ?? "customer-ended-call",
        cost: (s.channel ?? "voice") === "voice" ? (s.cost ?? 0.2) : null,
        structuredData: s.structuredData ?? null,
        successEvaluation: s.successEvaluation ?? null,
        lastMessageAt: new Date(s.at),
      })),
    ),
  );
}

async function rollups(ctx: TenantContext) {
  const rows = await withTenant(ctx, (tx) =>
    tx.select().from(roiDailyRollups).where(eq(roiDailyRollups.orgId, tx.orgId)),
  );
  return rows
    .map(({ orgId: _o, computedAt: _c, ...rest }) => rest)
    .sort((x, y) => x.day.localeCompare(y.day));
}

const byDay = async (ctx: TenantContext, day: string) =>
  (await rollups(ctx)).find((r) => r.day === day);

// Los Angeles: UTC−8 in winter, UTC−7 in summer; 1 November 2026 is the day clocks go back.
const DAY_SEEDS = (contactId: string): Seed[] => [
  // Monday 30 November, 10:00 local: a lead who answered three of five questions, and booked.
  {
    at: "2026-11-30T18:00:00Z",
    contactId,
    cost: 0.4271,
    seconds: 278,
    structuredData: {
      buy_or_rent: "Buy",
      area: "Marina",
      timing: "Within 3 months",
      viewingBooked: true,
    },
    successEvaluation: "true",
  },
  // Monday 23:30 local (07:30 UTC on Tuesday): Monday's, after hours, handed to a person.
  {
    at: "2026-12-01T07:30:00Z",
    endedReason: "assistant-forwarded-call",
    cost: 0.1,
    successEvaluation: "false",
  },
  // Sunday 1 November, the daylight-saving day: 23:30 local is 07:30 UTC on the 2nd.
  { at: "2026-11-02T07:30:00Z", cost: 0.05 },
  // An SMS thread on Wednesday.
  { at: "2026-12-02T17:00:00Z", channel: "sms" },
];

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let admin: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([realEstateAgency(), realEstateAgency()]);
  [member, admin] = await Promise.all([addMember(a.ctx, "member"), addMember(a.ctx, "admin")]);
  const contact = await insertContactRow(a.ctx, "+14155550111");
  await insertConversations(a.ctx, DAY_SEEDS(contact));
  await backfillRollups(a.orgId);
});

describe("daily rollups", () => {
  it("count each conversation on its local day, with its minutes, cost, outcome and after-hours share", async () => {
    const monday = await byDay(a.ctx, "2026-11-30");
    expect(monday).toMatchObject({
      conversations: 2,
      callsAnswered: 2,
      afterHoursCalls: 1,
      minutesHandled: 6.63, // (278 + 120) s
      resolved: 1,
      escalated: 1,
      qualifiedLeads: 1,
      bookings: 1,
      evaluated: 2,
      successful: 1,
      agentCost: 0.5271,
      formulaVersion: 2,
    });
    expect(await byDay(a.ctx, "2026-11-01")).toMatchObject({
      conversations: 1,
      afterHoursCalls: 1,
    });
    expect(await byDay(a.ctx, "2026-11-02")).toMatchObject({ conversations: 0 });
    expect(await byDay(a.ctx, "2026-12-02")).toMatchObject({ conversations: 1, smsHandled: 1 });
    // Every day up to today has a row (the platform fee accrues on quiet days too).
    const rows = await rollups(a.ctx);
    expect(rows[0]!.day).toBe("2026-11-01");
    expect(rows.at(-1)!.day).toBe(todayIn("America/Los_Angeles"));
  });

  it("store the formula, the assumptions in force and the terms with each day", async () => {
    const monday = (await byDay(a.ctx, "2026-11-30"))!;
    expect(monday.assumptions).toMatchObject({
      minutesPerCall: 10,
      loadedHourlyCost: 45,
      valuePerOutcome: 350,
    });
    // v2: 1 resolved × 10 min at 45 an hour = 7.5; one qualified lead × 350; the calls' cost.
    expect(monday.terms).toEqual({
      timeSaved: 7.5,
      outcomes: 350,
      afterHours: 0,
      agentCost: 0.53,
      platformFee: 0,
    });
    expect(monday.net).toBe(356.97);
  });

  it("give the same rows when recomputed, and whatever order the conversations were written in", async () => {
    const before = await rollups(a.ctx);
    await backfillRollups(a.orgId);
    await refreshRollups(a.orgId);
    expect(await rollups(a.ctx)).toEqual(before);

    const c = await realEstateAgency();
    const contact = await insertContactRow(c.ctx, "+14155550111");
    for (const seed of [...DAY_SEEDS(contact)].reverse()) await insertConversations(c.ctx, [seed]);
    await backfillRollups(c.orgId);
    expect(await rollups(c.ctx)).toEqual(before);
  });

  it("a contact who gets in touch again within 72 hours undoes the earlier 'resolved' on refresh", async () => {
    const c = await realEstateAgency();
    const contact = await insertContactRow(c.ctx, "+14155550122");
    await insertConversations(c.ctx, [{ at: "2026-11-30T18:00:00Z", contactId: contact }]);
    await backfillRollups(c.orgId);
    expect(await byDay(c.ctx, "2026-11-30")).toMatchObject({ resolved: 1 });
    await insertConversations(c.ctx, [{ at: "2026-12-02T19:00:00Z", contactId: contact }]);
    await refreshRollups(c.orgId);
    expect(await byDay(c.ctx, "2026-11-30")).toMatchObject({ resolved: 0, conversations: 1 });
    expect(await byDay(c.ctx, "2026-12-02")).toMatchObject({ resolved: 1 });
  });
  it("leave out Luneo's own test events (the sample caller of the Channels page)", async () => {
    const c = await realEstateAgency();
    const { contacts } = await import("@/db/schema");
    const sample = await withTenant(c.ctx, async (tx) => {
      const [row] = await tx
        .insert(contacts)
        .values({ orgId: tx.orgId, phoneE164: "+14155550177", channels: ["voice"], testOnly: true })
        .returning({ id: contacts.id });
      return row!.id;
    });
    await insertConversations(c.ctx, [
      { at: "2026-11-30T18:00:00Z", contactId: sample },
      { at: "2026-11-30T19:00:00Z" },
    ]);
    await backfillRollups(c.orgId);
    expect(await byDay(c.ctx, "2026-11-30")).toMatchObject({ conversations: 1, callsAnswered: 1 });
  });
});

describe("settings versions", () => {
  it("members read the figures; only admins change the assumptions, audited, from today on", async () => {
    const range = parseInput(roiRangeSchema, { from: "2026-11-01", to: "2026-12-02" });
    const report = await getRoiReport(member.ctx, range);
    expect(report.totals.conversations).toBe(4);
    const current = report.pinned!.assumptions;
    await expectAppError(
      saveRoiSettings(member.ctx, { ...current, loadedHourlyCost: 60 }),
      "FORBIDDEN",
    );

    const earlier = await rollups(a.ctx);
    const saved = await saveRoiSettings(admin.ctx, {
      ...current,
      loadedHourlyCost: 60,
      platformFeeMonthly: 365,
    });
    const today = todayIn("America/Los_Angeles");
    expect(saved.effectiveFrom).toBe(today);
    const after = await rollups(a.ctx);
    // History is never rewritten: every day before today keeps its row exactly.
    expect(after.filter((r) => r.day < today)).toEqual(earlier.filter((r) => r.day < today));
    expect(after.find((r) => r.day === today)).toMatchObject({
      settingsFrom: today,
      assumptions: expect.objectContaining({ loadedHourlyCost: 60 }),
      terms: expect.objectContaining({ platformFee: 12 }),
    });
    const [entry] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, tx.orgId), eq(auditLog.action, "roi.assumptions_saved"))),
    );
    expect(entry?.metadata).toEqual({
      effectiveFrom: today,
      fields: ["loadedHourlyCost", "platformFeeMonthly"],
    });
  });

  it("a newer formula is compared on the last 30 days without writing, then adopted from today", async () => {
    const c = await realEstateAgency();
    await withTenant(c.ctx, async (tx) => {
      const { settingsVersions, loadSetup } = await import("./rollup");
      await settingsVersions(tx, await loadSetup(tx));
      await tx
        .update(roiSettingsVersions)
        .set({ formulaVersion: 1 })
        .where(eq(roiSettingsVersions.orgId, tx.orgId));
    });
    const today = todayIn("America/Los_Angeles");
    const contact = await insertContactRow(c.ctx, "+14155550133");
    const { addDays } = await import("./days");
    const yesterdayNoon = new Date(`${addDays(today, -1)}T20:00:00Z`).toISOString();
    await insertConversations(c.ctx, [
      { at: yesterdayNoon, contactId: contact, endedReason: "assistant-forwarded-call" },
      { at: yesterdayNoon },
    ]);
    await backfillRollups(c.orgId);
    const before = await rollups(c.ctx);
    const comparison = await compareFormula(c.ctx, 2);
    // v1 credits both conversations' time (2 × 10 min × 45/h = 15), v2 only the resolved one.
    expect(comparison.current.figure.terms.timeSaved).toBe(15);
    expect(comparison.candidate.figure.terms.timeSaved).toBe(7.5);
    expect(await rollups(c.ctx)).toEqual(before);

    await adoptFormula(c.ctx, 2);
    const after = await rollups(c.ctx);
    expect(after.find((r) => r.day === addDays(today, -1))?.formulaVersion).toBe(1);
    expect(after.find((r) => r.day === today)?.formulaVersion).toBe(2);
  });

  it("the wizard's 'What it's worth' starts today's version with the trade's figures", async () => {
    const c = await realEstateAgency();
    const before = await getRoiSettings(c.ctx);
    expect(before.history).toHaveLength(1);
    expect(before.history[0]).toMatchObject({ source: "template", formulaVersion: 2 });
    const roi = { ...before.current.assumptions };
    await saveRoiAssumptions(c.ctx, {
      currency: roi.currency,
      minutesPerCall: roi.minutesPerCall,
      loadedHourlyCost: 52,
      outcomeLabel: roi.outcomeLabel,
      valuePerOutcome: roi.valuePerOutcome,
    });
    const after = await getRoiSettings(c.ctx);
    expect(after.current.assumptions).toMatchObject({
      loadedHourlyCost: 52,
      outcomeSource: "qualified_leads",
    });
    expect(after.history[0]).toMatchObject({ source: "wizard", effectiveFrom: after.today });
  });

  it("another org sees none of it", async () => {
    const range = parseInput(roiRangeSchema, { from: "2026-11-01", to: "2026-12-02" });
    const report = await getRoiReport(b.ctx, range);
    expect(report.totals.conversations).toBe(0);
    expect(report.computed).toBe(false);
    const leaked = await withTenant(b.ctx, (tx) => tx.select().from(roiDailyRollups));
    expect(leaked.every((r) => r.orgId === b.orgId)).toBe(true);
  });
});

describe("the forecast", () => {
  it("needs four weeks since the first call, then gives 30 days with an interval", async () => {
    expect((await getRoiForecast(b.ctx))!.calls).toEqual({
      enough: false,
      haveDays: 0,
      needDays: 28,
    });
    const { calls, net } = (await getRoiForecast(member.ctx))!;
    if (!calls.enough || !net.enough)
      throw new Error("a has more than four weeks since its first call");
    expect(calls.mean).toHaveLength(30);
    expect(calls.total.lower).toBeLessThanOrEqual(calls.total.mean);
  });

  it("is not computed for an org whose roi-forecasting flag is off, and is for the others", async () => {
    await withSystem("test pins a flag", (tx) =>
      tx.insert(featureFlagOverrides).values({
        orgId: b.orgId,
        flagKey: FLAGS.roiForecasting.key,
        enabled: false,
      }),
    );
    expect(await getRoiForecast(b.ctx)).toBeNull();
    expect(await getRoiForecast(member.ctx)).not.toBeNull();
    await withSystem("test gives the flag back", (tx) =>
      tx.delete(featureFlagOverrides).where(eq(featureFlagOverrides.orgId, b.orgId)),
    );
    expect(await getRoiForecast(b.ctx)).not.toBeNull();
  });
});

describe("ranges", () => {
  it.each([
    [{ from: "2026-12-02", to: "2026-12-01" }, "to", "The last day comes before the first."],
    [{ from: "2025-01-01", to: "2026-12-01" }, "to", "Choose a range of at most a year."],
    [{ from: "2026-02-30", to: "2026-03-01" }, "from", "The first day is not a calendar day."],
    [{ from: "yesterday", to: "2026-03-01" }, "from", "Give the first day as YYYY-MM-DD."],
    [
      { from: "2026-03-01", to: "2026-03-02", granularity: "hour" },
      "granularity",
      "Choose day, week or month.",
    ],
  ])("refuses %o with a sentence", (input, field, message) => {
    expect(() => parseInput(roiRangeSchema, input)).toThrow(
      expect.objectContaining({ fieldErrors: expect.objectContaining({ [field]: [message] }) }),
    );
  });
});

describe("from signed webhooks", () => {
  it("ingestion enqueues the refresh, and the rollups count the calls and their cost exactly", async () => {
    const c = await realEstateAgency();
    const channels = await connectChannels(c.ctx);
    const calls = [
      {
        id: "11111111-1111-4111-8111-111111111111",
        sid: "CA11111111111111111111111111111111",
        number: "+14155550141",
        at: "2026-12-01T18:00:00Z",
        cost: 0.4271,
      },
      {
        id: "22222222-2222-4222-8222-222222222222",
        sid: "CA22222222222222222222222222222222",
        number: "+14155550142",
        at: "2026-12-01T19:00:00Z",
        cost: 0.3129,
      },
      {
        id: "33333333-3333-4333-8333-333333333333",
        sid: "CA33333333333333333333333333333333",
        number: "+14155550143",
        at: "2026-12-02T03:30:00Z",
        cost: 0.2,
      },
    ];
    for (const call of calls) {
      const started = new Date(call.at);
      const response = await postVapi(
        channels.vapiEndpoint,
        endOfCallReport({
          callId: call.id,
          callSid: call.sid as typeof VAPI_IDS.callSid,
          customerNumber: call.number as typeof VAPI_IDS.customerNumber,
          message: {
            startedAt: started.toISOString(),
            endedAt: new Date(started.getTime() + 240_000).toISOString(),
            cost: call.cost,
          },
        }),
        { "x-vapi-secret": channels.vapiSecret },
      );
      expect(response.status).toBe(200);
    }
    const sql = ownerSql();
    await drainInbox(c.orgId);
    const refresh =
      await sql`select 1 from pgboss.job where name = ${QUEUES.roiRefresh.name} and data->>'orgId' = ${c.orgId}`;
    expect(refresh.length).toBeGreaterThanOrEqual(1);

    await refreshRollups(c.orgId);
    const report = await getRoiReport(
      c.ctx,
      parseInput(roiRangeSchema, { from: "2026-12-01", to: "2026-12-01" }),
    );
    // All three are Tuesday 1 December in Los Angeles (the last at 19:30, after hours).
    expect(report.totals).toMatchObject({
      callsAnswered: 3,
      afterHoursCalls: 1,
      agentCost: 0.94,
      bookings: 3,
    });
    expect(report.figure.terms.agentCost).toBe(0.94);
  });
});
