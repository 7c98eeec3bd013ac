import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { learningGaps, learningSignals, outboxMessages } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { work } from "@/lib/jobs/worker";
import { mailJob } from "@/lib/mail/send-job";
import { selectVertical } from "@/lib/verticals/service";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { header, startTestSmtp } from "@/test/smtp";
import { waitFor } from "@/test/wait";
import { learningReportMailJob } from "./report-mail-job";
import { getWeeklyReport, listReportWeeks } from "./report";
import { reportWeek } from "./report-week";
import { approveGap } from "./service";
import { enqueueWeeklyPasses } from "./weekly";

// The weekly report on a real database: its figures (new gaps, approved answers, the answered
// share of covered questions, the adoption of suggestions), its weeks on the org's clock, and its
// email — once per org and week, to owners and admins, through the mailer and a real SMTP server.

const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
await setupFreshDatabase();
afterAll(async () => {
  await stopBoss();
  await smtp.stop();
});

let a: TestOwner;
let b: TestOwner;
let admin: TestMember;
let member: TestMember;
let thisWeek: string;

const PETS = "Do you accept pets in your rentals?";
const PARKING = "Is there parking near the flat?";
const SUGGESTED = "Yes, cats and small dogs are welcome in most of our rentals, with a deposit.";

let seq = 0;
const signal = (
  outcome: "answered" | "deflected",
  question: string,
  occurredAt: Date,
  extra: { gapId?: string; answer?: string } = {},
) => ({
  conversationId: crypto.randomUUID(),
  seq: ++seq,
  channel: "voice" as const,
  question,
  answer: extra.answer ?? (outcome === "answered" ? "Sure." : "I don't know, sorry."),
  outcome,
  language: "en" as const,
  detector: "rules",
  detectorVersion: 1,
  occurredAt,
  gapId: extra.gapId ?? null,
});

async function openGap(owner: TestOwner, question: string, firstSeenAt: Date) {
  return withTenant(owner.ctx, async (tx) => {
    const [gap] = await tx
      .insert(learningGaps)
      .values({
        orgId: tx.orgId,
        language: "en",
        canonicalQuestion: question,
        signalCount: 1,
        callerCount: 1,
        firstSeenAt,
        lastSeenAt: firstSeenAt,
      })
      .returning();
    await tx.insert(learningSignals).values({
      orgId: tx.orgId,
      ...signal("deflected", question, firstSeenAt, { gapId: gap!.id }),
    });
    return gap!;
  });
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  await selectVertical(a.ctx, { slug: "real-estate" });
  [admin, member] = [await addMember(a.ctx, "admin"), await addMember(a.ctx, "member")];
  const week = (await withTenant(a.ctx, (tx) => reportWeek(tx)))!;
  thisWeek = week.week;
  // This week: two questions the agent missed; a later call answered the first one (the
  // suggestion); the admin approves the first with the suggestion, the second rewritten.
  const start = week.start.getTime();
  const pets = await openGap(a, PETS, new Date(start + 1));
  const parking = await openGap(a, PARKING, new Date(start + 2));
  await withTenant(a.ctx, (tx) =>
    tx.insert(learningSignals).values([
      { orgId: tx.orgId, ...signal("answered", PETS, new Date(start + 3), { answer: SUGGESTED }) },
      {
        orgId: tx.orgId,
        ...signal("answered", PARKING, new Date(start + 4), { answer: "Parking is free." }),
      },
    ]),
  );
  await approveGap(a.ctx, pets.id, { question: PETS, answer: `${SUGGESTED}` });
  await approveGap(a.ctx, parking.id, {
    question: PARKING,
    answer: "There is a public car park two streets away, about 2 euros an hour.",
  });
  // After approval the pets question comes back twice: answered once, missed once.
  const later = new Date();
  await withTenant(a.ctx, (tx) =>
    tx.insert(learningSignals).values([
      { orgId: tx.orgId, ...signal("answered", "Can I bring my pets to the rental?", later) },
      { orgId: tx.orgId, ...signal("deflected", "Are pets accepted in your rentals?", later) },
      { orgId: tx.orgId, ...signal("answered", "What time do you open?", later) },
    ]),
  );
  await work(await getBoss(), mailJob);
  await work(await getBoss(), learningReportMailJob);
});

describe("the weekly report", () => {
  it("counts new gaps, approved answers, the answered share and the adoption of suggestions", async () => {
    const report = await getWeeklyReport(member.ctx, thisWeek);
    expect(report).toMatchObject({ week: thisWeek, current: true, next: null });
    expect(report.newGaps.count).toBe(2);
    expect(report.newGaps.top.map((g) => g.question).sort()).toEqual([PETS, PARKING]);
    expect(report.approved.map((g) => [g.question, g.keptSuggestion])).toEqual([
      [PETS, true],
      [PARKING, false],
    ]);
    expect(report.adoption).toEqual({ withSuggestion: 2, kept: 1 });
    // The same verdicts are stored on the gaps when approved: the overview's adoption KPI reads them.
    const stored = await withTenant(a.ctx, (tx) =>
      tx
        .select({ question: learningGaps.canonicalQuestion, kept: learningGaps.suggestionKept })
        .from(learningGaps)
        .where(eq(learningGaps.orgId, tx.orgId)),
    );
    expect(Object.fromEntries(stored.map((g) => [g.question, g.kept]))).toEqual({
      [PETS]: true,
      [PARKING]: false,
    });
    // Pets came back twice after its approval (answered once); parking did not come back.
    expect(report.covered).toEqual({ questions: 2, answered: 1, sampled: false });
    expect(report.turns).toBe(7);
    expect(report.unanswered).toBe(3);
  });

  it("lists its weeks on the org's clock, links the previous one, and refuses unknown weeks", async () => {
    expect((await listReportWeeks(a.ctx))[0]).toBe(thisWeek);
    const previous = (await getWeeklyReport(a.ctx, thisWeek)).previous;
    const before = await getWeeklyReport(a.ctx, previous);
    expect(before).toMatchObject({ next: thisWeek, current: false, turns: 0 });
    await expect(getWeeklyReport(a.ctx, "2025-W53")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getWeeklyReport(a.ctx, "2099-W01")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getWeeklyReport(a.ctx, "last week")).rejects.toBeInstanceOf(ValidationError);
    // Another org's report of the same week is its own: empty.
    expect(await getWeeklyReport(b.ctx, thisWeek)).toMatchObject({
      turns: 0,
      newGaps: { count: 0 },
      approved: [],
    });
  });

  it("computes the week in the org's time zone", async () => {
    const org = await createOwner();
    await ownerSql()`update orgs set timezone = 'Pacific/Auckland' where id = ${org.orgId}`;
    // Sunday 20:00 UTC is already Monday 09:00 in Auckland: the next ISO week there.
    const range = await withTenant(org.ctx, (tx) =>
      reportWeek(tx, undefined, new Date("2026-12-06T20:00:00Z")),
    );
    expect(range).toMatchObject({ week: "2026-W50", previous: "2026-W49" });
    expect(range!.start.toISOString()).toBe("2026-12-06T11:00:00.000Z");
  });

  it(
    "is mailed once per week to the owners and admins, through SMTP",
    { timeout: 40_000 },
    async () => {
      // The hourly fan-out at Monday 03:00 on the org's clock enqueues the mail of the past week.
      await ownerSql()`update orgs set timezone = 'Europe/Paris' where id = ${a.orgId}`;
      await enqueueWeeklyPasses(new Date("2026-11-30T02:10:00Z"));
      const [job] = await ownerSql()<{ data: { orgId: string; week: string } }[]>`
      select data from pgboss.job where name = ${QUEUES.learningReportMail.name}
         and data->>'orgId' = ${a.orgId}`;
      expect(job?.data.week).toBe("2026-W48");

      // The week of the figures above, twice (a second tick, a retry): one mailing.
      const boss = await getBoss();
      for (let i = 0; i < 2; i++) {
        await boss.send(QUEUES.learningReportMail.name, { orgId: a.orgId, week: thisWeek });
      }
      const sent = await waitFor(
        () =>
          withTenant(a.ctx, (tx) =>
            tx
              .select()
              .from(outboxMessages)
              .where(
                and(eq(outboxMessages.orgId, tx.orgId), eq(outboxMessages.kind, "learning_report")),
              ),
          ),
        (rows) => rows.length === 2 && rows.every((r) => r.status === "sent"),
        { timeout: 20_000 },
      );
      expect(sent.map((r) => r.toAddress).sort()).toEqual([a.email, admin.email].sort());
      const mails = smtp.received.filter((m) => header(m.raw, "Subject")?.includes(thisWeek));
      expect(mails).toHaveLength(2);
      expect(mails.flatMap((m) => m.to)).not.toContain(member.email);
      expect(sent[0]!.body).toContain(`/learning/reports/${thisWeek}`);
      expect(sent[0]!.body).toContain("Suggested answers kept as suggested: 50 % (1 of 2).");
      const mailings = await ownerSql()<{ week: string; recipients: number }[]>`
      select week, recipients from learning_report_mailings where org_id = ${a.orgId}`;
      expect(mailings).toEqual([{ week: thisWeek, recipients: 2 }]);
    },
  );
});
