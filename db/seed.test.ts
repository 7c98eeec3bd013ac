import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { featureFlagOverrides, learningGaps, memberships, platformStaff, users } from "@/db/schema";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { DEMO_SHOP } from "@/lib/seed/flags-demo";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { keptSuggestion } from "@/lib/learning/adoption";
import { suggestedAnswerAsOf } from "@/lib/learning/suggestions";
import { rangeFromParams } from "@/lib/roi/presets";
import { getRoiReport, getRoiToday } from "@/lib/roi/queries";
import { roiRangeSchema } from "@/lib/roi/schemas";
import { LEARNING_TOPICS } from "@/lib/seed/learning-history";
import { loadStaffMember } from "@/lib/staff/staff";
import { getGap } from "@/lib/learning/queries";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { contextOf } from "@/test/factories";
import { DEMO_MEMBER, DEMO_OWNER, seedDemo } from "./seed";

await setupFreshDatabase();

const userByEmail = async (email: string) => {
  const [user] = await withSystem("test", (tx) =>
    tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`),
  );
  if (!user) throw new Error(`no user ${email}`);
  return user;
};

describe("the demo seed", () => {
  it("makes the demo owner Luneo staff, and only them, on a new database and on an older one", async () => {
    expect(await seedDemo()).toBe("created");
    const owner = await userByEmail(DEMO_OWNER.email);
    const member = await userByEmail(DEMO_MEMBER.email);
    expect(await loadStaffMember(owner)).not.toBeNull();
    expect(await loadStaffMember(member)).toBeNull();
    // The actions registry has something to show: tasks, journal entries, one pending approval.
    const [actions] = await withSystem("test", (tx) =>
      tx.execute<{ tasks: number; journal: number; pending: number }>(sql`select
        (select count(*)::int from tasks) as tasks,
        (select count(*)::int from action_executions) as journal,
        (select count(*)::int from action_executions where status = 'pending_approval') as pending`),
    );
    expect(actions).toMatchObject({ tasks: 4, pending: 1 });
    expect(actions!.journal).toBeGreaterThanOrEqual(8);

    // A database seeded before the staff role existed gets it on the next start.
    await withSystem("test", (tx) => tx.delete(platformStaff));
    expect(await seedDemo()).toBe("exists");
    expect(await loadStaffMember(owner)).not.toBeNull();

    // A second business for /staff/flags, with ROI forecasting held back for it by staff.
    const shop = await userByEmail(DEMO_SHOP.email);
    const [membership] = await withSystem("test", (tx) =>
      tx.select().from(memberships).where(eq(memberships.userId, shop.id)),
    );
    expect(await isFeatureEnabled(membership!.orgId, FLAGS.roiForecasting.key)).toBe(false);
    expect(await withSystem("test", (tx) => tx.select().from(featureFlagOverrides))).toHaveLength(
      1,
    );
  }, 60_000);
});

describe("the demo seed's learning loop", () => {
  it("has a learning signal for every agent message, open gaps of the trade and approved answers", async () => {
    // The demo org exists from the test above (seedDemo is idempotent).
    await seedDemo();
    const sql = ownerSql();
    const [org] = await sql<{ id: string }[]>`
      select o.id from orgs o join memberships m on m.org_id = o.id join users u on u.id = m.user_id
       where lower(u.email) = ${DEMO_OWNER.email}`;
    const [counts] = await sql<{ assistant: number; signals: number; unmatched: number }[]>`
      select (select count(*)::int from messages where org_id = ${org!.id} and role = 'assistant') as assistant,
             (select count(*)::int from learning_signals where org_id = ${org!.id}) as signals,
             (select count(*)::int from messages m where m.org_id = ${org!.id} and m.role = 'assistant'
                and not exists (select 1 from learning_signals s where s.org_id = m.org_id
                                  and s.conversation_id = m.conversation_id and s.seq = m.seq)) as unmatched`;
    const { assistant, signals, unmatched } = counts!;
    expect(assistant).toBeGreaterThan(100);
    expect(unmatched).toBe(0);
    expect(signals).toBe(assistant);
    const gaps = await sql<{ status: string; canonical_question: string }[]>`
      select status, canonical_question from learning_gaps where org_id = ${org!.id}`;
    const open = gaps.filter((g) => g.status === "open").map((g) => g.canonical_question);
    expect(open.length).toBeGreaterThanOrEqual(4);
    expect(open.join(" ")).toMatch(/pet|dog|cat/i);
    expect(gaps.filter((g) => g.status === "approved")).toHaveLength(
      LEARNING_TOPICS.filter((t) => t.approved).length,
    );
    // The pets gap suggests the answer the agent gave in a later call.
    const [pets] = await sql<{ id: string }[]>`
      select id from learning_gaps where org_id = ${org!.id} and status = 'open'
         and canonical_question ilike '%pets%'`;
    const owner = await sql<
      { id: string }[]
    >`select id from users where lower(email) = ${DEMO_OWNER.email}`;
    const ctx = await contextOf(owner[0]!.id, org!.id);
    expect((await getGap(ctx, pets!.id)).suggestion).toMatch(/cats and small dogs/);

    // The approvals were made over the past weeks; each one's verdict is the rule's, recomputed as
    // the weekly report does (the suggestion as of the approval), most kept it, one did not.
    const approved = await withTenant(ctx, (tx) =>
      tx
        .select()
        .from(learningGaps)
        .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.status, "approved"))),
    );
    const verdicts = await withTenant(ctx, async (tx) => {
      const out: boolean[] = [];
      for (const gap of approved) {
        const suggestion = await suggestedAnswerAsOf(tx, gap, gap.decidedAt!);
        expect(suggestion, gap.canonicalQuestion).not.toBeNull();
        expect(gap.suggestionKept).toBe(keptSuggestion(suggestion, gap.answer!));
        out.push(gap.suggestionKept!);
      }
      return out;
    });
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(verdicts.length / 2);
    const days = new Set(approved.map((g) => g.decidedAt!.toISOString().slice(0, 10)));
    expect(days.size).toBe(approved.length);
    // The audit log dates each approval on its day too.
    const logged = await sql<{ target_id: string; created_at: Date }[]>`
      select target_id, created_at from audit_log
       where org_id = ${org!.id} and action = 'learning.gap_approved'`;
    expect(new Map(logged.map((l) => [l.target_id, l.created_at.getTime()]))).toEqual(
      new Map(approved.map((g) => [g.id, g.decidedAt!.getTime()])),
    );

    // The overview's adoption figure, on its default range and over the month: neither 0 nor 100 %.
    const today = await getRoiToday(ctx);
    for (const preset of ["7d", "30d"]) {
      const range = roiRangeSchema.parse(rangeFromParams({ range: preset }, today));
      const { adoption } = await getRoiReport(ctx, range);
      expect(adoption!.rate, preset).toBeGreaterThan(0);
      expect(adoption!.rate, preset).toBeLessThan(1);
    }
  }, 120_000);
});
