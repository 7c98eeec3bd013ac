import "server-only";
import { and, between, eq, inArray } from "drizzle-orm";
import { contacts, roiDailyRollups } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { orgCountry } from "@/lib/contacts/queries";
import { withTenant } from "@/lib/db/scopes";
import { classifyConversation, localDay, type ConversationClass } from "./classify";
import { addDays, daysBetween } from "./days";
import { loadConversations, type LoadedConversation } from "./facts";
import { sumInputs, type RollupInputs } from "./formulas";
import { inputsOf } from "./report";
import { loadSetup } from "./rollup";
import type { DrillOutcome, DrilldownInput, RoiRange } from "./schemas";

// The conversations behind a figure of the overview: the same loader and the same rules as the
// rollup (facts.ts, classify.ts), so a drill-down lists exactly the conversations a day's row
// counted — the test checks that the two agree. Newest first, a page at a time.

export const DRILL_PAGE = 50;

/** Which conversations each figure counts. */
const MATCHES: Record<DrillOutcome, (k: ConversationClass) => boolean> = {
  all: (k) => k.counted,
  calls: (k) => k.call,
  sms: (k) => k.sms,
  "after-hours": (k) => k.afterHours,
  office: (k) => k.call && !k.afterHours,
  resolved: (k) => k.resolved,
  escalated: (k) => k.escalated,
  other: (k) => k.counted && !k.resolved && !k.escalated,
  qualified: (k) => k.qualified,
  bookings: (k) => k.booking,
  successful: (k) => k.successful === true,
  evaluated: (k) => k.successful !== null,
};

/** The rollup total each figure's list adds up to. */
export function expectedCount(outcome: DrillOutcome, t: RollupInputs): number {
  const counts: Record<DrillOutcome, number> = {
    all: t.conversations,
    calls: t.callsAnswered,
    sms: t.smsHandled,
    "after-hours": t.afterHoursCalls,
    office: t.callsAnswered - t.afterHoursCalls,
    resolved: t.resolved,
    escalated: t.escalated,
    other: t.conversations - t.resolved - t.escalated,
    qualified: t.qualifiedLeads,
    bookings: t.bookings,
    successful: t.successful,
    evaluated: t.evaluated,
  };
  return counts[outcome];
}

export type DrillRow = {
  id: string;
  contactId: string | null;
  contact: { name: string | null; phone: string | null } | null;
  channel: "voice" | "sms" | "webchat";
  startedAt: Date;
  durationSeconds: number | null;
  /** VAPI's cost and Twilio's price of this conversation (what the day's cost adds up). */
  cost: number;
  outcome: "resolved" | "escalated" | "other";
  afterHours: boolean;
  qualified: boolean;
  booking: boolean;
};

export type DrillPage = {
  range: { from: string; to: string };
  outcome: DrillOutcome;
  timezone: string;
  /** The org's country, for writing numbers as its people write them. */
  country: string;
  /** What the rollups count for this figure over the range. */
  total: number;
  rows: DrillRow[];
  nextCursor: string | null;
};

const cursorOf = (c: { startedAt: Date; id: string }) => `${c.startedAt.toISOString()}_${c.id}`;
const newestFirst = (a: LoadedConversation, b: LoadedConversation) =>
  b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Conversations of `range` that `outcome` counts, newest first, after `cursor`. */
export async function listRoiConversations(
  ctx: TenantContext,
  range: Pick<RoiRange, "from" | "to">,
  { outcome, cursor }: DrilldownInput,
): Promise<DrillPage> {
  requirePermission(ctx, "roi.read");
  requirePermission(ctx, "contacts.read");
  return withTenant(ctx, async (tx) => {
    const setup = await loadSetup(tx);
    const rollups = await tx
      .select()
      .from(roiDailyRollups)
      .where(
        and(
          eq(roiDailyRollups.orgId, tx.orgId),
          between(roiDailyRollups.day, range.from, range.to),
        ),
      );
    const total = expectedCount(outcome, sumInputs(rollups.map(inputsOf)));
    const [afterAt, afterId] = cursor ? cursor.split("_") : [];
    const after = afterAt ? new Date(afterAt) : null;
    const isAfter = (c: LoadedConversation) =>
      !after ||
      c.startedAt.getTime() < after.getTime() ||
      (c.startedAt.getTime() === after.getTime() && c.id < afterId!);
    // Whole days are read (a day's resolution needs its neighbours, which the loader reads), from
    // the cursor's day back, a week first and then twice as many days each time.
    let end = after ? localDay(after, setup.timezone) : range.to;
    if (end > range.to) end = range.to;
    const found: LoadedConversation[] = [];
    for (let span = 7; end >= range.from && found.length <= DRILL_PAGE; span *= 2) {
      const start = daysBetween(range.from, end) < span ? range.from : addDays(end, -(span - 1));
      const loaded = await loadConversations(tx, setup.timezone, start, end);
      found.push(
        ...loaded.filter((c) => isAfter(c) && MATCHES[outcome](classifyConversation(c, setup))),
      );
      end = addDays(start, -1);
    }
    found.sort(newestFirst);
    const page = found.slice(0, DRILL_PAGE);
    const ids = [...new Set(page.flatMap((c) => (c.contactId ? [c.contactId] : [])))];
    const people = ids.length
      ? await tx
          .select({ id: contacts.id, name: contacts.name, phone: contacts.phoneE164 })
          .from(contacts)
          .where(and(eq(contacts.orgId, tx.orgId), inArray(contacts.id, ids)))
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    return {
      range: { from: range.from, to: range.to },
      outcome,
      timezone: setup.timezone,
      country: await orgCountry(tx),
      total,
      rows: page.map((c) => {
        const k = classifyConversation(c, setup);
        const person = c.contactId ? byId.get(c.contactId) : undefined;
        return {
          id: c.id,
          contactId: c.contactId,
          contact: person ? { name: person.name, phone: person.phone } : null,
          channel: c.channel,
          startedAt: c.startedAt,
          durationSeconds: c.durationSeconds,
          cost: Math.round(((k.call ? (c.cost ?? 0) : 0) + c.telephonyCost) * 10_000) / 10_000,
          outcome: k.resolved ? "resolved" : k.escalated ? "escalated" : "other",
          afterHours: k.afterHours,
          qualified: k.qualified,
          booking: k.booking,
        };
      }),
      nextCursor: found.length > DRILL_PAGE ? cursorOf(page.at(-1)!) : null,
    };
  });
}
