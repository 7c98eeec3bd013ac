import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { learningGaps, learningSignals, type LearningLanguage } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { decideGaps } from "./bulk";
import { countGaps, listGapPage, listGaps } from "./gap-list";
import { reclusterOrg } from "./recluster";
import { mergeGaps, moveSignalOut, snoozeGap, unsnoozeGap } from "./review";
import { approveGap, dismissGap } from "./service";

// The review actions beyond approve and reject: snooze, merge, move a question out, bulk
// decisions, the list's filters and paging; two admins at once, members, other orgs.

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let admin: TestMember;
let member: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [admin, member] = await Promise.all([addMember(a.ctx, "admin"), addMember(a.ctx, "member")]);
});

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 10));
const future = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

type Seed = {
  questions: string[];
  language?: LearningLanguage;
  channel?: "voice" | "sms";
  at?: Date;
  impact?: number;
};

/** A gap and its signals, written as the signals job would (the counts set to match). */
async function seedGap(owner: TestOwner, seed: Seed) {
  const at = seed.at ?? day(20);
  const language = seed.language ?? "en";
  return withTenant(owner.ctx, async (tx) => {
    const [gap] = await tx
      .insert(learningGaps)
      .values({
        orgId: tx.orgId,
        language,
        canonicalQuestion: seed.questions[0]!,
        signalCount: seed.questions.length,
        callerCount: seed.questions.length,
        firstSeenAt: at,
        lastSeenAt: at,
        impact: seed.impact ?? seed.questions.length * 3,
      })
      .returning();
    const signals = await tx
      .insert(learningSignals)
      .values(
        seed.questions.map((question, i) => ({
          orgId: tx.orgId,
          conversationId: crypto.randomUUID(),
          seq: 2,
          channel: seed.channel ?? ("voice" as const),
          question,
          answer: "I don't know, let me check.",
          outcome: "deflected" as const,
          language,
          detector: "rules",
          detectorVersion: 1,
          occurredAt: new Date(at.getTime() - i * 60_000),
          gapId: gap!.id,
        })),
      )
      .returning();
    return { gap: gap!, signals };
  });
}

const gapRow = async (id: string) =>
  (
    await ownerSql()<{ status: string; version: number; signal_count: number }[]>`
    select status, version, signal_count from learning_gaps where id = ${id}`
  )[0];
const auditOf = async (orgId: string, targetId: string) =>
  (
    await ownerSql()<{ action: string }[]>`
      select action from audit_log where org_id = ${orgId} and target_id = ${targetId} order by created_at`
  ).map((r) => r.action);
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

describe("snooze", () => {
  it("takes a gap off the open list until its day, shows it under snoozed, and brings it back", async () => {
    const { gap } = await seedGap(a, { questions: ["Do you rent parking spaces?"] });
    const snoozed = await snoozeGap(admin.ctx, gap.id, { until: future(3), version: gap.version });
    expect(snoozed.snoozedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect((await listGaps(a.ctx, { status: "open" })).map((g) => g.id)).not.toContain(gap.id);
    expect((await listGaps(a.ctx, { status: "snoozed" })).map((g) => g.id)).toContain(gap.id);
    expect((await countGaps(a.ctx)).snoozed).toBeGreaterThanOrEqual(1);
    // On its day it is back in the open list by itself.
    const later = new Date(Date.now() + 5 * 86_400_000);
    expect((await listGaps(a.ctx, { status: "open" }, later)).map((g) => g.id)).toContain(gap.id);

    // A second admin with the page from before the snooze gets a conflict.
    const stale = await rejection(unsnoozeGap(a.ctx, gap.id, { version: gap.version }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as Error).message).toMatch(/someone changed this gap/i);
    await unsnoozeGap(a.ctx, gap.id, { version: snoozed.version });
    expect((await listGaps(a.ctx, { status: "open" })).map((g) => g.id)).toContain(gap.id);
    expect(await auditOf(a.orgId, gap.id)).toEqual([
      "learning.gap_snoozed",
      "learning.gap_unsnoozed",
    ]);
  });

  it("refuses a day in the past or years ahead, members and other orgs, writing nothing", async () => {
    const { gap } = await seedGap(a, { questions: ["Can I visit on Sundays?"] });
    for (const until of ["2020-01-01", future(800), "next week", ""]) {
      expect(await rejection(snoozeGap(a.ctx, gap.id, { until }))).toBeInstanceOf(ValidationError);
    }
    expect(await rejection(snoozeGap(member.ctx, gap.id, { until: future(2) }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await rejection(snoozeGap(b.ctx, gap.id, { until: future(2) }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await gapRow(gap.id)).toMatchObject({ status: "open", version: 1 });
    expect(await auditOf(a.orgId, gap.id)).toEqual([]);
  });
});

describe("two admins on one gap", () => {
  it("lets exactly one of two simultaneous decisions through; the other is told to reload", async () => {
    const { gap } = await seedGap(a, { questions: ["Is the flat furnished?"] });
    const results = await Promise.allSettled([
      approveGap(a.ctx, gap.id, { answer: "Yes, fully furnished.", version: gap.version }),
      dismissGap(admin.ctx, gap.id, { reason: "We only list unfurnished", version: gap.version }),
    ]);
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toHaveLength(1);
    const error = (failed[0] as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/someone else.*reload/i);
    expect((await gapRow(gap.id))!.version).toBe(2);
    expect(await auditOf(a.orgId, gap.id)).toHaveLength(1);
  });

  it("gives a snooze on an older copy a conflict after a merge moved the gap away", async () => {
    const { gap: from } = await seedGap(a, { questions: ["Do you accept cats?"] });
    const { gap: into } = await seedGap(a, { questions: ["Are pets allowed?"] });
    await mergeGaps(a.ctx, from.id, { into: into.id, version: 1, intoVersion: 1 });
    const error = await rejection(snoozeGap(admin.ctx, from.id, { until: future(2), version: 1 }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/merged into another one by someone else/);
  });
});

describe("merge", () => {
  it("moves the questions, recounts, removes the merged gap, audits both, and survives the weekly pass", async () => {
    const { gap: from, signals } = await seedGap(a, {
      questions: ["Is there a lift in the building?", "Does the block have an elevator?"],
    });
    const { gap: into } = await seedGap(a, { questions: ["Can I get up with a wheelchair?"] });
    const merged = await mergeGaps(admin.ctx, from.id, { into: into.id, version: 1 });
    expect(merged).toMatchObject({ id: into.id, signalCount: 3, callerCount: 3, version: 2 });
    expect(await gapRow(from.id)).toBeUndefined();
    expect(await auditOf(a.orgId, from.id)).toEqual(["learning.gap_merged_away"]);
    expect(await auditOf(a.orgId, into.id)).toEqual(["learning.gaps_merged"]);

    // The weekly pass leaves what an admin grouped together.
    await reclusterOrg(a.orgId);
    const placed = await withTenant(a.ctx, (tx) =>
      tx
        .select({ gapId: learningSignals.gapId })
        .from(learningSignals)
        .where(and(eq(learningSignals.orgId, tx.orgId), eq(learningSignals.id, signals[0]!.id))),
    );
    expect(placed).toEqual([{ gapId: into.id }]);
  });

  it("refuses itself, another language, another org's gap, a stale target, and members", async () => {
    const { gap: en } = await seedGap(a, { questions: ["Do you do short lets?"] });
    const { gap: fr } = await seedGap(a, {
      questions: ["Faites-vous de la location courte ?"],
      language: "fr",
    });
    const { gap: other } = await seedGap(b, { questions: ["Do you do holiday lets?"] });
    const { gap: target } = await seedGap(a, { questions: ["Minimum rental length?"] });
    expect(await rejection(mergeGaps(a.ctx, en.id, { into: en.id }))).toBeInstanceOf(
      ValidationError,
    );
    expect(await rejection(mergeGaps(a.ctx, en.id, { into: fr.id }))).toBeInstanceOf(
      ValidationError,
    );
    expect(await rejection(mergeGaps(a.ctx, en.id, { into: other.id }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(
      await rejection(mergeGaps(a.ctx, en.id, { into: target.id, intoVersion: 7 })),
    ).toBeInstanceOf(ConflictError);
    expect(await rejection(mergeGaps(member.ctx, en.id, { into: target.id }))).toBeInstanceOf(
      ForbiddenError,
    );
    for (const id of [en.id, fr.id, target.id]) {
      expect(await gapRow(id)).toMatchObject({ status: "open", version: 1, signal_count: 1 });
      expect(await auditOf(a.orgId, id)).toEqual([]);
    }
    expect(await gapRow(other.id)).toMatchObject({ version: 1 });
  });
});

describe("move a question out", () => {
  it("puts one question in a gap of its own, recounts both, and the weekly pass keeps it there", async () => {
    const { gap, signals } = await seedGap(a, {
      questions: [
        "What is the deposit for the flat?",
        "How much is the deposit for the flat?",
        "What is the deposit for the parking space?",
      ],
    });
    const odd = signals[2]!;
    const { gapId } = await moveSignalOut(admin.ctx, gap.id, { signalId: odd.id, version: 1 });
    expect(await gapRow(gap.id)).toMatchObject({ signal_count: 2, version: 2 });
    expect(await gapRow(gapId)).toMatchObject({ signal_count: 1, status: "open" });
    expect(await auditOf(a.orgId, gap.id)).toEqual(["learning.signal_moved_out"]);
    // The page from before the move is stale: conflict, and the question is already gone.
    const again = await rejection(moveSignalOut(a.ctx, gap.id, { signalId: odd.id, version: 1 }));
    expect(again).toBeInstanceOf(ConflictError);
    await reclusterOrg(a.orgId);
    const [moved] = await ownerSql()<{ gap_id: string }[]>`
      select gap_id from learning_signals where id = ${odd.id}`;
    expect(moved!.gap_id).toBe(gapId);
  });

  it("refuses to split a gap of one question, another gap's question, and members", async () => {
    const { gap: single, signals } = await seedGap(a, { questions: ["Is the garden shared?"] });
    const { gap: pair } = await seedGap(a, { questions: ["Is there a garden?", "Any garden?"] });
    expect(
      await rejection(moveSignalOut(a.ctx, single.id, { signalId: signals[0]!.id })),
    ).toBeInstanceOf(ValidationError);
    expect(
      await rejection(moveSignalOut(a.ctx, pair.id, { signalId: signals[0]!.id })),
    ).toBeInstanceOf(ConflictError);
    expect(
      await rejection(moveSignalOut(member.ctx, pair.id, { signalId: signals[0]!.id })),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await rejection(moveSignalOut(a.ctx, pair.id, { signalId: "not-an-id" })),
    ).toBeInstanceOf(ValidationError);
    expect(await gapRow(pair.id)).toMatchObject({ version: 1, signal_count: 2 });
  });
});

describe("bulk decisions", () => {
  it("dismisses the chosen gaps with one reason, each audited", async () => {
    const one = await seedGap(b, { questions: ["Do you buy cars?"] });
    const two = await seedGap(b, { questions: ["Do you repair boilers?"] });
    const result = await decideGaps(b.ctx, {
      decision: "dismiss",
      reason: "Not our trade",
      gaps: [`${one.gap.id}:1`, `${two.gap.id}:1`],
    });
    expect(result).toEqual({ decided: 2 });
    for (const { gap } of [one, two]) {
      expect(await gapRow(gap.id)).toMatchObject({ status: "dismissed", version: 2 });
      expect(await auditOf(b.orgId, gap.id)).toEqual(["learning.gap_dismissed"]);
    }
  });

  it("approves with the suggested answers, and decides nothing when one gap changed or has no suggestion", async () => {
    const { gap: heating } = await seedGap(b, { questions: ["Is heating included in the rent?"] });
    const { gap: bins } = await seedGap(b, { questions: ["Which day are the bins collected?"] });
    // A later call in which the agent did answer the heating question.
    await withTenant(b.ctx, (tx) =>
      tx.insert(learningSignals).values({
        orgId: tx.orgId,
        conversationId: crypto.randomUUID(),
        seq: 2,
        channel: "voice",
        question: "Is heating included in the rent?",
        answer: "Yes, heating and hot water are included.",
        outcome: "answered",
        language: "en",
        detector: "rules",
        detectorVersion: 1,
        occurredAt: day(25),
      }),
    );
    const noSuggestion = await rejection(
      decideGaps(b.ctx, {
        decision: "approve",
        gaps: [`${heating.id}:1`, `${bins.id}:1`],
      }),
    );
    expect(noSuggestion).toBeInstanceOf(ValidationError);
    expect((noSuggestion as Error).message).toMatch(/1 of the chosen gaps has no suggested answer/);

    const stale = await rejection(
      decideGaps(b.ctx, {
        decision: "approve",
        gaps: [`${heating.id}:1`, `${bins.id}:9`],
      }),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as Error).message).toMatch(/1 of the 2 chosen gaps was changed by someone else/);
    expect(await gapRow(heating.id)).toMatchObject({ status: "open", version: 1 });

    expect(await decideGaps(b.ctx, { decision: "approve", gaps: [`${heating.id}:1`] })).toEqual({
      decided: 1,
    });
    const [approved] = await ownerSql()<{ status: string; answer: string }[]>`
      select status, answer from learning_gaps where id = ${heating.id}`;
    expect(approved).toEqual({
      status: "approved",
      answer: "Yes, heating and hot water are included.",
    });
    expect(
      await rejection(decideGaps(member.ctx, { decision: "dismiss", reason: "no", gaps: [] })),
    ).toBeInstanceOf(ForbiddenError);
  });
});

describe("the list", () => {
  it("pages by impact, then recency, then id, with no gap repeated or skipped, ties included", async () => {
    const owner = await createOwner();
    const seeded = [];
    for (let i = 0; i < 7; i++) {
      // Ties on impact and on last seen: the id decides.
      seeded.push(
        await seedGap(owner, {
          questions: [`Question number ${i} about the lease?`],
          impact: i < 4 ? 5 : 2,
          at: i % 2 ? day(20) : day(21),
        }),
      );
    }
    const whole = (await listGaps(owner.ctx, { status: "open" })).map((g) => g.id);
    expect(whole).toHaveLength(7);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listGapPage(owner.ctx, { status: "open" }, { cursor, limit: 3 });
      paged.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);
    const expected = seeded
      .map(({ gap }) => gap)
      .sort(
        (x, y) =>
          y.impact - x.impact ||
          y.lastSeenAt.getTime() - x.lastSeenAt.getTime() ||
          (x.id < y.id ? -1 : 1),
      )
      .map((g) => g.id);
    expect(whole).toEqual(expected);
  });

  it("filters by language, channel and the days last asked", async () => {
    const owner = await createOwner();
    const { gap: enVoice } = await seedGap(owner, {
      questions: ["Do you have a garage?"],
      at: day(3),
    });
    const { gap: frSms } = await seedGap(owner, {
      questions: ["Avez-vous un garage ?"],
      language: "fr",
      channel: "sms",
      at: day(15),
    });
    const ids = async (filter: Parameters<typeof listGaps>[1]) =>
      (await listGaps(owner.ctx, filter)).map((g) => g.id);
    expect(await ids({ status: "open", language: "fr" })).toEqual([frSms.id]);
    expect(await ids({ status: "open", channel: "voice" })).toEqual([enVoice.id]);
    expect(await ids({ status: "open", from: "2026-11-10" })).toEqual([frSms.id]);
    expect(await ids({ status: "open", to: "2026-11-03" })).toEqual([enVoice.id]);
    expect(await ids({ status: "open", from: "2026-11-04", to: "2026-11-14" })).toEqual([]);
    // Members read.
    const reader = await addMember(owner.ctx, "member");
    expect((await listGaps(reader.ctx, { status: "open" })).length).toBe(2);
    // Another org sees none of them.
    expect(
      (await listGaps(b.ctx, { status: "open", channel: "sms" })).map((g) => g.id),
    ).not.toContain(frSms.id);
  });
});
