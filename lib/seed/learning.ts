import { and, asc, eq, isNotNull } from "drizzle-orm";
import { contacts, conversations, learningGaps, messages, timelineEvents } from "@/db/schema";
import { systemContext, type TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { reclusterIn } from "@/lib/learning/recluster";
import { approveGap } from "@/lib/learning/service";
import { conversationIdsWithMessages, rebuildSignalsIn } from "@/lib/learning/signals";

// The demo agency's learning loop: calls of the last three weeks in which callers asked what the
// agent could not answer (the questions a real agency's callers ask), the signals of every
// conversation in the org, the gaps they make, and two answers the owner already approved.

type Call = { caller: string; agent: string; answered?: true };

const DONT_KNOW = [
  "I'm sorry, I don't have that information. I'll pass your question to one of our agents and they'll call you back today.",
  "That's a good question — I'm not sure, let me check with the team and get back to you.",
  "I don't have the details on that one, I'm afraid. Someone from the office will call you back.",
];

/** What callers asked, paraphrased as different people would. */
const QUESTIONS: Record<string, string[]> = {
  pets: [
    "Do you allow pets in your rentals?",
    "Are pets allowed in your rentals?",
    "Can I keep a pet in the rental on the harbour?",
    "Are pets allowed in the two-bed on Shore Road?",
  ],
  hoa: [
    "What are the HOA fees at Bayview Towers?",
    "How much are the HOA fees for that building?",
    "Are the HOA fees included in the asking price?",
  ],
  school: [
    "Which school district is the house on Maple Avenue in?",
    "What school district is the Maple Avenue listing in?",
  ],
  flood: [
    "Is the cottage on Dune Lane in a flood zone?",
    "Is the beach house in a flood zone?",
    "Will I need flood insurance for the house on Dune Lane?",
  ],
  airbnb: [
    "Can I rent the condo out on Airbnb?",
    "Can I rent out my condo on Airbnb at Bayview Towers?",
  ],
  commission: [
    "What commission do you charge to sell a house?",
    "What commission do you charge if I list with you?",
  ],
  tours: ["Do you offer virtual tours?", "Can I do a virtual tour before I fly in?"],
};

const hello = "Hi, you've reached Seaside Realty! I'm the virtual assistant. How can I help?";

function callsFor(): Call[] {
  const calls: Call[] = [];
  let i = 0;
  for (const [, asked] of Object.entries(QUESTIONS)) {
    for (const question of asked) {
      calls.push({ caller: question, agent: DONT_KNOW[i++ % DONT_KNOW.length]! });
    }
  }
  // A later call where the agent did answer the pets question (the gap page suggests its answer).
  calls.push({
    answered: true,
    caller: "Do you accept pets in the rentals you manage?",
    agent:
      "Yes, most of our rentals accept cats and small dogs with a pet deposit of one month's rent. Each listing says so under 'Pets'.",
  });
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
      // Spread over three weeks, most recent first; the answered one came in this morning.
      const hoursAgo = call.answered ? 2 : i * 19 + 5;
      const startedAt = new Date(now - hoursAgo * 3_600_000);
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

  // The owner already taught the agent two answers.
  const approvals: [RegExp, string][] = [
    [
      /commission/i,
      "Our listing commission is 2.5% of the sale price, marketing and professional photos included. There is nothing to pay until the house sells.",
    ],
    [
      /tour/i,
      "Yes: every listing has a 3D virtual tour on our website, and an agent can walk you through any home on a live video call — just ask for one.",
    ],
  ];
  const open = await withTenant(ownerCtx, (tx) =>
    tx
      .select({
        id: learningGaps.id,
        question: learningGaps.canonicalQuestion,
        version: learningGaps.version,
      })
      .from(learningGaps)
      .where(and(eq(learningGaps.orgId, tx.orgId), eq(learningGaps.status, "open"))),
  );
  for (const [pattern, answer] of approvals) {
    const gap = open.find((g) => pattern.test(g.question));
    if (gap)
      await approveGap(ownerCtx, gap.id, { question: gap.question, answer, version: gap.version });
  }
}
