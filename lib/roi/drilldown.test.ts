import { afterAll, describe, expect, it } from "vitest";
import { contacts, conversations } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { chooseVertical, saveBusinessProfile } from "@/lib/onboarding/service";
import { parseInput } from "@/lib/parse-input";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestOwner } from "@/test/factories";
import { addDays } from "./days";
import {
  DRILL_PAGE,
  expectedCount,
  listRoiConversations,
  type DrillRow,
} from "./drilldown-queries";
import { getRoiReport } from "./queries";
import { DRILL_OUTCOMES, roiRangeSchema, type DrillOutcome } from "./schemas";
import { backfillRollups } from "./service";

// The drill-down lists exactly the conversations a figure counts: for every figure, over several
// ranges, its pages add up to the rollups' total, with no conversation twice.

await setupFreshDatabase();
afterAll(stopBoss);

const OPEN = { open: "09:00", close: "18:00" };
async function agency(): Promise<TestOwner> {
  const owner = await createOwner();
  await saveBusinessProfile(owner.ctx, {
    name: "Harbour Homes",
    country: "US",
    timezone: "America/Los_Angeles",
    language: "en-US",
    hours: { mon: [OPEN], tue: [OPEN], wed: [OPEN], thu: [OPEN], fri: [OPEN], sat: [], sun: [] },
  });
  await chooseVertical(owner.ctx, { slug: "real-estate", version: 2 });
  return owner;
}

/** 80 conversations over 20 days from 2026-11-01 (LA), of every kind the rules tell apart. */
async function seed(ctx: TenantContext) {
  await withTenant(ctx, async (tx) => {
    const people = await tx
      .insert(contacts)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          orgId: tx.orgId,
          phoneE164: `+1415555${String(2000 + i)}`,
          name: i % 3 === 0 ? null : `Caller ${i}`,
          channels: ["voice"],
        })),
      )
      .returning({ id: contacts.id });
    await tx.insert(conversations).values(
      Array.from({ length: 80 }, (_, i) => {
        // Every 4 hours and a bit, so some land at night (after hours) and on the weekend.
        const at = new Date(Date.parse("2026-11-01T08:00:00Z") + i * 6 * 3_600_000 + i * 60_000);
        const voice = i % 5 !== 0;
        return {
          orgId: tx.orgId,
          contactId: i % 7 === 0 ? null : people[i % people.length]!.id,
          channel: voice ? ("voice" as const) : ("sms" as const),
          direction: "inbound" as const,
          status: voice ? (i % 11 === 0 ? "queued" : "ended") : "open",
          startedAt: at,
          durationSeconds: voice ? 60 + i : null,
          endedReason: i % 6 === 0 ? "assistant-forwarded-call" : "customer-ended-call",
          cost: voice ? 0.1 + i / 1000 : null,
          structuredData:
            i % 4 === 0 ? { buy_or_rent: "Buy", area: "Marina", viewingBooked: i % 8 === 0 } : null,
          successEvaluation: i % 3 === 0 ? "true" : i % 3 === 1 ? "false" : null,
          lastMessageAt: at,
        };
      }),
    );
  });
  await backfillRollups(ctx.org.id);
}

async function everyRow(ctx: TenantContext, from: string, to: string, outcome: DrillOutcome) {
  const rows: DrillRow[] = [];
  let cursor: string | undefined;
  let total = 0;
  for (;;) {
    const page = await listRoiConversations(ctx, { from, to }, { outcome, cursor });
    expect(page.rows.length).toBeLessThanOrEqual(DRILL_PAGE);
    total = page.total;
    rows.push(...page.rows);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { rows, total };
}

describe("the conversations behind a figure", () => {
  it("are exactly those the rollups count, for every figure and range, newest first", async () => {
    const c = await agency();
    await seed(c.ctx);
    const ranges = [
      ["2026-11-01", "2026-11-20"],
      ["2026-11-03", "2026-11-03"],
      ["2026-11-07", "2026-11-08"], // a weekend: everything after hours
    ] as const;
    for (const [from, to] of ranges) {
      const report = await getRoiReport(c.ctx, parseInput(roiRangeSchema, { from, to }));
      for (const outcome of DRILL_OUTCOMES) {
        const { rows, total } = await everyRow(c.ctx, from, to, outcome);
        expect(total).toBe(expectedCount(outcome, report.totals));
        expect(rows.length, `${outcome} ${from}–${to}`).toBe(total);
        expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
        const times = rows.map((r) => r.startedAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => b - a));
      }
    }
    // The day's cost is the sum of its conversations' costs.
    const day = await getRoiReport(
      c.ctx,
      parseInput(roiRangeSchema, { from: "2026-11-03", to: "2026-11-03" }),
    );
    const { rows } = await everyRow(c.ctx, "2026-11-03", "2026-11-03", "all");
    const sum = rows.reduce((s, r) => s + r.cost, 0);
    expect(Math.round(sum * 10_000) / 10_000).toBe(day.totals.agentCost);
  });

  it("pages past the first 50, and members may read it; another org sees none of it", async () => {
    const c = await agency();
    await seed(c.ctx);
    const member = await addMember(c.ctx, "member");
    const first = await listRoiConversations(
      member.ctx,
      { from: "2026-11-01", to: "2026-11-30" },
      { outcome: "all" },
    );
    expect(first.rows).toHaveLength(DRILL_PAGE);
    expect(first.nextCursor).not.toBeNull();
    const second = await listRoiConversations(
      member.ctx,
      { from: "2026-11-01", to: "2026-11-30" },
      { outcome: "all", cursor: first.nextCursor! },
    );
    expect(second.rows.length + first.rows.length).toBe(first.total);
    expect(second.rows[0]!.startedAt.getTime()).toBeLessThan(
      first.rows.at(-1)!.startedAt.getTime(),
    );

    const other = await agency();
    const theirs = await listRoiConversations(
      other.ctx,
      { from: "2026-11-01", to: addDays("2026-11-01", 29) },
      { outcome: "all" },
    );
    expect(theirs).toMatchObject({ total: 0, rows: [], nextCursor: null });
  });

  it("needs both the figures' and the contacts' permission", async () => {
    const c = await agency();
    // An API key with the roi:read scope only: figures, never who called.
    const blind: TenantContext = {
      org: c.ctx.org,
      actor: { type: "api_key", keyId: "k", scopes: ["roi:read"], permissions: ["roi.read"] },
    };
    await expectAppError(
      listRoiConversations(blind, { from: "2026-11-01", to: "2026-11-02" }, { outcome: "all" }),
      "FORBIDDEN",
    );
  });
});
