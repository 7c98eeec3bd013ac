import { and, asc, eq, gte, isNotNull } from "drizzle-orm";
import {
  auditLog,
  contacts,
  conversations,
  learningGaps,
  messages,
  timelineEvents,
} from "@/db/schema";
import { systemContext, type TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { reclusterIn } from "@/lib/learning/recluster";
import { approveGap } from "@/lib/learning/service";
import { conversationIdsWithMessages, rebuildSignalsIn } from "@/lib/learning/signals";
import { LEARNING_TOPICS } from "./learning-history";

// The demo agency's learning loop over the last three weeks (the topics in learning-history.ts):
// calls in which callers asked what the agent could not answer, later calls in which it could,
// the signals of every conversation in the org, the gaps they make, and the owner's approvals on
// the days they were made. The approvals go through approveGap, so whether each kept the
// suggestion is the product's verdict (decided against the suggestion as of the approval).

type Call = { caller: string; agent: string; hoursAgo: number };

const DONT_KNOW = [
  "I'm sorry, I don't have that information. I'll pass your question to one of our agents and they'll call you back today.",
  "That's a good question — I'm not sure, let me check with the team and get back to you.",
  "I don't have the details on that one, I'm afraid. Someone from the office will call you back.",
];

const hello = "Hi, you've reached Seaside Realty! I'm the virtual assistant. How can I help?";
const hour = 3_600_000;

function callsFor(): Call[] {
  const calls: Call[] = [];
  let i = 0;
  for (const topic of LEARNING_TOPICS) {
    for (const [days, question] of topic.asked) {
      // In office hours, a different hour each call.
      calls.push({
        caller: question,
        agent: DONT_KNOW[i % DONT_KNOW.length]!,
        hoursAgo: days * 24 + (i % 6) + 1,
      });
      i++;
    }
    if (topic.answered) {
      const { question, answer, hoursAgo } = topic.answered;
      calls.push({ caller: question, agent: answer, hoursAgo });
    }
  }
  return calls;
}

/** Builds the demo org's learning data through the same code the jobs run. */
export async function seedLearning(ownerCtx: TenantContext): Promise<void> {
  const ctx = systemContext("demo seed", { id: ownerCtx.org.id });
  const calls = callsFor();
  const now = Date.now();
  await withTenant(ctx, async (tx) => {
    const callers = await tx
      .select({ id: contacts.id, phone: contacts.phoneE164 })
      .from(contacts)
      .where(and(eq(contacts.orgId, tx.orgId), isNotNull(contacts.phoneE164)))
      .orderBy(asc(contacts.createdAt), asc(contacts.id))
      .limit(calls.length);
    for (const [i, call] of calls.entries()) {
      const contact = callers[i % Math.max(1, callers.length)];
      const startedAt = new Date(now - call.hoursAgo * hour);
      const endedAt = new Date(startedAt.getTime() + 95_000);
      const [conversation] = await tx
        .insert(conversations)
        .values({
          orgId: tx.orgId,
          contactId: contact?.id ?? null,
          channel: "voice",
          direction: "inbound",
          status: "ended",
          statusRank: 9,
          fromNumber: contact?.phone ?? null,
          startedAt,
          endedAt,
          durationSeconds: 95,
          endedReason: "customer-ended-call",
          lastMessageAt: endedAt,
          summary: `The caller asked: ${call.caller}`,
          summarySource: "vapi",
        })
        .returning({ id: conversations.id });
      const turns: [string, string][] = [
        ["assistant", hello],
        ["user", call.caller],
        ["assistant", call.agent],
        ["user", "Okay, thanks."],
        ["assistant", "You're welcome. Have a lovely day!"],
      ];
      await tx.insert(messages).values(
        turns.map(([role, content], seq) => ({
          orgId: tx.orgId,
          conversationId: conversation!.id,
          role: role as "user" | "assistant",
          content,
          seq,
          sentAt: new Date(startedAt.getTime() + seq * 15_000),
          dedupeKey: `t:${seq}`,
        })),
      );
      if (contact) {
        await tx.insert(timelineEvents).values({
          orgId: tx.orgId,
          contactId: contact.id,
          conversationId: conversation!.id,
          kind: "call.ended",
          occurredAt: endedAt,
          data: {
            durationSeconds: 95,
            endedReason: "customer-ended-call",
            summary: `The caller asked: ${call.caller}`,
          },
          dedupeKey: `call:${conversation!.id}:ended`,
        });
      }
    }
    for (const id of await conversationIdsWithMessages(tx)) {
      await rebuildSignalsIn(tx, id, { force: true });
    }
    await reclusterIn(tx, new Date());
  });

  // The owner's approvals, oldest first, each dated the day it was made: approveGap stamps now(),
  // so the date is moved back after it, to a moment after the answer it was offered (the weekly
  // report recomputes the suggestion as of that moment and finds the same one).
  const open = await withTenant(ownerCtx, (tx) =>
    tx
      .select({ id: learningGaps.id, question: learningGaps.canonicalQuestion })
      .from(learningGaps)
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.status, "open"))),
  );
  const approvals = LEARNING_TOPICS.flatMap((topic) =>
    topic.approved ? [{ topic, ...topic.approved }] : [],
  ).sort((a, b) => b.days - a.days);
  for (const { topic, days, answer } of approvals) {
    const asked = new Set(topic.asked.map(([, question]) => question));
    const gap = open.find((g) => asked.has(g.question));
    if (!gap) throw new Error(`demo seed: no open gap for "${topic.key}"`);
    const since = new Date();
    const approved = await approveGap(ownerCtx, gap.id, { answer });
    const at = new Date(now - days * 24 * hour);
    await withTenant(ownerCtx, async (tx) => {
      await tx
        .update(learningGaps)
        .set({ decidedAt: at, updatedAt: at })
        .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.id, approved.id)));
      // …and its audit entries (the approval, the knowledge entry), so the log tells the same story.
      await tx
        .update(auditLog)
        .set({ createdAt: at })
        .where(and(eq(auditLog.orgId, tx.orgId), gte(auditLog.createdAt, since)));
    });
  }
}
