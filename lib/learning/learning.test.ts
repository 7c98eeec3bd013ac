import { drainInbox } from "@/test/inbox";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { learningGaps, learningSignals, messages } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { work } from "@/lib/jobs/worker";
import { selectVertical } from "@/lib/verticals/service";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { addMember, createOwner, type TestOwner } from "@/test/factories";
import { assistantRequest, endOfCallReport, VAPI_IDS } from "@/test/fixtures/vapi";
import { waitFor } from "@/test/wait";
import { connectChannels, postVapi, type Connected } from "@/test/webhooks";
import { getGap, listApprovedAnswers, listGaps } from "./queries";
import { orgsDueForWeeklyPass, reclusterOrg } from "./recluster";
import { approveGap, dismissGap } from "./service";
import { rebuildConversationSignals } from "./signals";
import { learningSignalsJob } from "./signals-job";

// The learning loop end to end on a real database and pg-boss: a VAPI call in which the caller
// asks what the agent cannot answer → signals → a gap → an admin approves an answer → the next
// assistant-request for that org carries it.

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let A: Connected;
let B: Connected;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [A, B] = await Promise.all([connectChannels(a.ctx), connectChannels(b.ctx)]);
  await selectVertical(a.ctx, { slug: "real-estate" });
  await selectVertical(b.ctx, { slug: "real-estate" });
  await work(await getBoss(), learningSignalsJob);
});

const at = Date.parse("2026-11-02T10:00:00Z");
const turn = (role: "bot" | "user", message: string, i: number) => ({
  role,
  message,
  time: at + i * 5000,
  endTime: at + i * 5000 + 3000,
  secondsFromStart: i * 5,
  duration: 3000,
  source: "",
});

/** An ended call in which the caller asks about pets and the agent does not know. */
function petsCall(callId: string, question = "Do you accept pets in your rentals?") {
  const lines: ["bot" | "user", string][] = [
    ["bot", "Hi, thanks for calling. How can I help?"],
    ["user", `Hello, this is Jane. ${question}`],
    ["bot", "I'm not sure about that, let me check with the team and call you back."],
    ["user", "OK, thank you."],
    ["bot", "You're welcome, goodbye!"],
  ];
  return endOfCallReport({
    callId,
    // A call of its own: another Twilio CallSid too (the fixture types its ids as literals).
    callSid: `CA${callId.replace(/[^a-z0-9]/g, "").padEnd(32, "0")}` as typeof VAPI_IDS.callSid,
    message: {
      analysis: { summary: "Caller asked about pets.", successEvaluation: "true" },
      artifact: { messages: lines.map(([role, text], i) => turn(role, text, i)) },
    },
  });
}

async function ingest(orgId: string) {
  await drainInbox(orgId);
}

/** Starts the delayed learning jobs of `orgId` now (they wait out the call's report grace). */
async function releaseLearningJobs(orgId: string) {
  await ownerSql()`update pgboss.job set start_after = now()
    where name = ${QUEUES.learningSignals.name} and state = 'created' and data->>'orgId' = ${orgId}`;
}

const signalsOf = (owner: TestOwner) =>
  withTenant(owner.ctx, (tx) =>
    tx.select().from(learningSignals).where(eq(learningSignals.orgId, tx.orgId)),
  );

const ask = async (channels: Connected) => {
  const response = await postVapi(channels.vapiEndpoint, assistantRequest(), {
    "x-vapi-secret": channels.vapiSecret,
  });
  expect(response.status).toBe(200);
  return response.json();
};

describe("the learning loop", () => {
  let gapId: string;

  it("writes one signal per assistant turn once a call is ingested, and opens a gap for what the agent could not answer", async () => {
    const res = await postVapi(A.vapiEndpoint, petsCall("call-learning-1"), {
      "x-vapi-secret": A.vapiSecret,
    });
    expect(res.status).toBe(200);
    await ingest(a.orgId);
    await releaseLearningJobs(a.orgId);
    const signals = await waitFor(
      () => signalsOf(a),
      (rows) => rows.length === 3,
      { timeout: 20_000 },
    );
    expect(signals.map((s) => s.outcome).sort()).toEqual(["answered", "answered", "deflected"]);
    const assistantTurns = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.orgId, tx.orgId), eq(messages.role, "assistant"))),
    );
    expect(signals).toHaveLength(assistantTurns.length);
    const deflected = signals.find((s) => s.outcome === "deflected")!;
    // The caller's name is not in the question.
    expect(deflected.question).toBe("Do you accept pets in your rentals?");
    expect(deflected).toMatchObject({ language: "en", detector: "rules", detectorVersion: 1 });

    const gaps = await listGaps(a.ctx, { status: "open" });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({
      canonicalQuestion: "Do you accept pets in your rentals?",
      signalCount: 1,
      callerCount: 1,
    });
    gapId = gaps[0]!.id;
    // Another org sees nothing of it.
    expect(await listGaps(b.ctx, { status: "open" })).toEqual([]);
    await expect(getGap(b.ctx, gapId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rebuilds a conversation's signals without duplicating them, and a paraphrase joins the gap", async () => {
    const [signal] = (await signalsOf(a)).filter((s) => s.outcome === "deflected");
    await rebuildConversationSignals({ orgId: a.orgId, conversationId: signal!.conversationId! });
    await rebuildConversationSignals({ orgId: a.orgId, conversationId: signal!.conversationId! });
    expect(await signalsOf(a)).toHaveLength(3);

    await postVapi(A.vapiEndpoint, petsCall("call-learning-2", "Are pets allowed in the rental?"), {
      "x-vapi-secret": A.vapiSecret,
    });
    await ingest(a.orgId);
    await releaseLearningJobs(a.orgId);
    await waitFor(
      () => signalsOf(a),
      (rows) => rows.length === 6,
      { timeout: 20_000 },
    );
    const [gap] = await listGaps(a.ctx, { status: "open" });
    expect(gap).toMatchObject({ id: gapId, signalCount: 2 });
    const { examples } = await getGap(a.ctx, gapId);
    expect(examples.map((e) => e.question).sort()).toEqual([
      "Are pets allowed in the rental?",
      "Do you accept pets in your rentals?",
    ]);
  });

  it("lets admins approve, refuses members, and gives a second admin with an older copy a conflict", async () => {
    const member = await addMember(a.ctx, "member");
    const { gap } = await getGap(member.ctx, gapId);
    const input = {
      question: "Do you accept pets in your rentals?",
      answer:
        "Yes: cats and small dogs are welcome in most of our rentals, with a 300 dollar deposit.",
      version: gap.version,
    };
    await expect(approveGap(member.ctx, gapId, input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveGap(b.ctx, gapId, input)).rejects.toBeInstanceOf(NotFoundError);

    const admin = await addMember(a.ctx, "admin");
    await approveGap(a.ctx, gapId, input);
    await expect(approveGap(admin.ctx, gapId, input)).rejects.toBeInstanceOf(ConflictError);
    await expect(
      dismissGap(admin.ctx, gapId, { reason: "not for us", version: gap.version }),
    ).rejects.toBeInstanceOf(ConflictError);

    const approved = await listApprovedAnswers(a.ctx);
    expect(approved).toMatchObject([{ id: gapId, answer: input.answer }]);
    const audit = await ownerSql()<{ action: string }[]>`
      select action from audit_log where org_id = ${a.orgId} and target_id = ${gapId}`;
    expect(audit.map((r) => r.action)).toEqual(["learning.gap_approved"]);
  });

  it("refuses bad input in words and writes nothing", async () => {
    const gap = await withTenant(b.ctx, async (tx) => {
      const [row] = await tx
        .insert(learningGaps)
        .values({
          orgId: tx.orgId,
          language: "en",
          canonicalQuestion: "Is there parking with the flat?",
          firstSeenAt: new Date(),
          lastSeenAt: new Date(),
        })
        .returning();
      return row!;
    });
    const attempts = [
      approveGap(b.ctx, gap.id, { question: "Parking?", answer: "", version: gap.version }),
      approveGap(b.ctx, gap.id, {
        question: "Parking?",
        answer: "x".repeat(10_000),
        version: gap.version,
      }),
      approveGap(b.ctx, gap.id, { question: "", answer: "Yes, one space.", version: gap.version }),
      approveGap(b.ctx, "not-an-id", { question: "Parking?", answer: "Yes.", version: 1 }),
      dismissGap(b.ctx, gap.id, { reason: "", version: gap.version }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/\w/);
    }
    const [after] = await withTenant(b.ctx, (tx) =>
      tx.select().from(learningGaps).where(eq(learningGaps.id, gap.id)),
    );
    expect(after).toMatchObject({ status: "open", version: gap.version, answer: null });
    const audit = await ownerSql()<{ n: number }[]>`
      select count(*)::int as n from audit_log where org_id = ${b.orgId} and target_id = ${gap.id}`;
    expect(audit[0]!.n).toBe(0);

    await dismissGap(b.ctx, gap.id, { reason: "We have no parking at all", version: gap.version });
    expect((await listGaps(b.ctx, { status: "dismissed" })).map((g) => g.id)).toEqual([gap.id]);
  });

  it("puts the approved answer in the next assistant-request of that org, and only that org", async () => {
    const answer = await ask(A);
    expect(answer.assistantOverrides.variableValues.knowledge).toContain(
      "Q: Do you accept pets in your rentals?\nA: Yes: cats and small dogs are welcome",
    );
    expect(JSON.stringify(await ask(B))).not.toContain("small dogs");
  });

  it("attaches a later failure of the same question to the approved answer: asked again, still failed", async () => {
    await postVapi(
      A.vapiEndpoint,
      petsCall("call-learning-3", "Can I bring my pets to the rental?"),
      {
        "x-vapi-secret": A.vapiSecret,
      },
    );
    await ingest(a.orgId);
    await releaseLearningJobs(a.orgId);
    const signals = await waitFor(
      () => signalsOf(a),
      (rows) => rows.length === 9,
      { timeout: 20_000 },
    );
    const latest = signals.find((s) => s.question === "Can I bring my pets to the rental?")!;
    expect(latest).toMatchObject({ gapId, askedAgain: true });
    expect(await listGaps(a.ctx, { status: "open" })).toEqual([]);
    expect((await listApprovedAnswers(a.ctx))[0]!.askedAgain).toBe(1);
  });

  it("gives the same gaps after the weekly pass whatever order the same signals arrived in", async () => {
    const questions = [
      "What are the HOA fees for the condo?",
      "How much are the HOA fees?",
      "Do you offer virtual tours?",
      "Can I do a virtual tour of the house?",
      "Is there parking with the apartment?",
      "Does the flat come with a parking space?",
    ];
    const [x, y] = await Promise.all([createOwner(), createOwner()]);
    const seed = async (owner: TestOwner, order: string[]) => {
      for (const [i, question] of order.entries()) {
        await withTenant(owner.ctx, async (tx) => {
          const conversationId = crypto.randomUUID();
          await tx.insert(learningSignals).values({
            orgId: tx.orgId,
            conversationId,
            seq: 1,
            channel: "voice",
            question,
            answer: "I don't know, sorry.",
            outcome: "deflected",
            language: "en",
            detector: "rules",
            detectorVersion: 1,
            occurredAt: new Date(Date.now() - i * 60_000),
          });
        });
      }
      await reclusterOrg(owner.orgId);
      const gaps = await withTenant(owner.ctx, (tx) =>
        tx.select().from(learningGaps).where(eq(learningGaps.orgId, tx.orgId)),
      );
      const rows = await signalsOf(owner);
      return gaps
        .map((g) =>
          rows
            .filter((s) => s.gapId === g.id)
            .map((s) => s.question)
            .sort()
            .join(" | "),
        )
        .sort();
    };
    const forward = await seed(x, questions);
    const backward = await seed(y, questions.toReversed());
    expect(forward).toEqual(backward);
    expect(forward).toHaveLength(3);
  });
});

describe("the weekly pass", () => {
  it("is scheduled by the migrate step, hourly, and runs for the orgs whose Monday 03:00 it is", async () => {
    const schedules = await ownerSql()<{ name: string; cron: string }[]>`
      select name, cron from pgboss.schedule where name = ${QUEUES.learningWeekly.name}`;
    expect(schedules).toEqual([{ name: "learning.weekly", cron: "0 * * * *" }]);

    const [paris, utc] = await Promise.all([createOwner(), createOwner()]);
    await ownerSql()`update orgs set timezone = 'Europe/Paris' where id = ${paris.orgId}`;
    for (const owner of [paris, utc]) {
      await withTenant(owner.ctx, (tx) =>
        tx.insert(learningSignals).values({
          orgId: tx.orgId,
          conversationId: crypto.randomUUID(),
          seq: 0,
          channel: "voice",
          question: "",
          answer: "Hello!",
          outcome: "answered",
          language: "en",
          detector: "rules",
          detectorVersion: 1,
          occurredAt: new Date(),
        }),
      );
    }
    // Monday 02:10 UTC is 03:10 in Paris (winter time): Paris is due, a UTC org is not.
    const due = await orgsDueForWeeklyPass(new Date("2026-11-30T02:10:00Z"));
    expect(due).toContain(paris.orgId);
    expect(due).not.toContain(utc.orgId);
    expect(await orgsDueForWeeklyPass(new Date("2026-11-30T03:10:00Z"))).toContain(utc.orgId);
  });

  it("expires open gaps nobody asked about for four weeks", async () => {
    const owner = await createOwner();
    const old = new Date("2026-10-01T10:00:00Z");
    const gap = await withTenant(owner.ctx, async (tx) => {
      const [row] = await tx
        .insert(learningGaps)
        .values({
          orgId: tx.orgId,
          language: "en",
          canonicalQuestion: "Do you sell boats?",
          firstSeenAt: old,
          lastSeenAt: old,
        })
        .returning();
      await tx.insert(learningSignals).values({
        orgId: tx.orgId,
        conversationId: crypto.randomUUID(),
        seq: 1,
        channel: "voice",
        question: "Do you sell boats?",
        answer: "I don't know.",
        outcome: "deflected",
        language: "en",
        detector: "rules",
        detectorVersion: 1,
        occurredAt: old,
        gapId: row!.id,
      });
      return row!;
    });
    const result = await reclusterOrg(owner.orgId, new Date("2026-11-02T03:00:00Z"));
    expect(result.expired).toBe(1);
    const [after] = await withTenant(owner.ctx, (tx) =>
      tx.select().from(learningGaps).where(eq(learningGaps.id, gap.id)),
    );
    expect(after!.status).toBe("expired");
  });
});
