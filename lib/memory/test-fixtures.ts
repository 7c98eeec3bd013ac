import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { contacts, conversations, messages } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import type { MemoryTurn, QualificationFieldRef } from "./summariser";

// Test data of the memory tests (imported by *.test.ts only): transcripts as the two verticals'
// callers speak, and rows written the way ingestion writes them.

const turn = (role: MemoryTurn["role"], content: string): MemoryTurn => ({ role, content });

/** Real estate: a buyer calls Harbour Homes (the real-estate template's lead fields apply). */
export const REAL_ESTATE_CALL: MemoryTurn[] = [
  turn("system", "You are the virtual assistant of Harbour Homes, a real-estate agency."),
  turn(
    "assistant",
    "Hi, thanks for calling Harbour Homes! I'm the virtual assistant — how can I help you today?",
  ),
  turn(
    "user",
    "Hi, yes, um, I'm looking to buy a three-bedroom house in Harbour View, ideally with a garden.",
  ),
  turn("assistant", "Lovely. What budget do you have in mind?"),
  turn("user", "Our budget is around 650k, maybe a little more for the right place."),
  turn("assistant", "And when are you hoping to move?"),
  turn("user", "Within 3 months if we can. We've already sold our flat."),
  turn("assistant", "Great. May I have your name, please?"),
  turn("user", "Priya Raman."),
  turn(
    "assistant",
    "Thanks, Priya. I'll email you the brochure for the two houses on Quay Street today, and one of our agents will call you back tomorrow morning to arrange viewings.",
  ),
  turn("user", "Perfect. My email is priya.raman@example.com."),
  turn("assistant", "Got it. Is there anything else I can help you with?"),
  turn("user", "No, that's all, thank you."),
];

/** E-commerce: a customer chases a late order (the e-commerce template's lead fields apply). */
export const ECOMMERCE_CALL: MemoryTurn[] = [
  turn("assistant", "Thanks for calling Northwind Outfitters, this is the virtual assistant."),
  turn("user", "Hi, um, my parcel hasn't arrived yet. Where is my order? It's order number 48213."),
  turn("assistant", "I'm sorry about that. Which email address did you use for the order?"),
  turn("user", "It's sam dot okafor at gmail dot com."),
  turn(
    "assistant",
    "Thank you. I can see order #48213 shipped on Monday, but the tracking hasn't updated since Wednesday. I'll open a trace with the courier and we will send you an email update within 24 hours.",
  ),
  turn(
    "user",
    "Okay. If it doesn't turn up by Friday I'd like a refund. Can you text me the tracking link too?",
  ),
  turn("assistant", "Of course, I'll text you the tracking link right after this call."),
  turn("user", "Thanks, bye."),
];

/** A text to the agency: no agent replies in an SMS thread (yet). */
export const RENTAL_SMS: MemoryTurn[] = [
  turn("user", "Hello, is the 2-bed flat on Marine Parade still available to rent?"),
  turn("user", "Could someone call me back after 5pm? My budget is £1,400 a month max."),
];

export const REAL_ESTATE_FIELDS: QualificationFieldRef[] = [
  {
    key: "buy_or_rent",
    label: "Buy, rent, sell or let",
    type: "choice",
    options: ["Buy", "Rent", "Sell", "Let"],
  },
  { key: "budget", label: "Budget", type: "number", unit: "USD" },
  { key: "area", label: "Area", type: "text" },
  {
    key: "timing",
    label: "Timing",
    type: "choice",
    options: ["As soon as possible", "Within 3 months", "3–6 months", "Just looking"],
  },
  { key: "bedrooms", label: "Bedrooms", type: "number", unit: "bedrooms" },
];

export const ECOMMERCE_FIELDS: QualificationFieldRef[] = [
  {
    key: "issue_type",
    label: "Issue type",
    type: "choice",
    options: [
      "Where is my order",
      "Return or exchange",
      "Damaged or wrong item",
      "Payment or refund",
      "Product question",
      "Other",
    ],
  },
  { key: "order_number", label: "Order number", type: "text" },
  { key: "order_email", label: "Order email", type: "text" },
  {
    key: "contact_preference",
    label: "Preferred contact",
    type: "choice",
    options: ["Phone call", "Email", "Text message"],
  },
];

/** A contact as ingestion creates it (a phone number, maybe a name). */
export async function insertContact(ctx: TenantContext, name: string | null = null) {
  for (;;) {
    const phone = `+1415555${randomInt(1000, 10_000)}`;
    const [row] = await withTenant(ctx, (tx) =>
      tx
        .insert(contacts)
        .values({ orgId: ctx.org.id, phoneE164: phone, name })
        .onConflictDoNothing()
        .returning({ id: contacts.id }),
    );
    if (row) return row.id;
  }
}

export type ConversationSeed = {
  contactId: string | null;
  channel?: "voice" | "sms";
  status?: string;
  turns?: MemoryTurn[];
  /** When it ended (calls) or got its last message (SMS). */
  at?: Date;
  summary?: string | null;
  structuredData?: Record<string, unknown> | null;
};

/** A conversation with its transcript, written as the ingest job writes them. */
export async function insertConversation(ctx: TenantContext, seed: ConversationSeed) {
  const channel = seed.channel ?? "voice";
  const at = seed.at ?? new Date("2026-11-16T10:30:00Z");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({
        orgId: ctx.org.id,
        contactId: seed.contactId,
        channel,
        direction: "inbound",
        status: seed.status ?? (channel === "voice" ? "ended" : "open"),
        startedAt: new Date(at.getTime() - 5 * 60_000),
        endedAt: channel === "voice" ? at : null,
        lastMessageAt: at,
        summary: seed.summary ?? null,
        structuredData: seed.structuredData ?? null,
      })
      .returning({ id: conversations.id });
    const turns = seed.turns ?? [];
    if (turns.length) {
      await tx.insert(messages).values(
        turns.map((t, i) => ({
          orgId: ctx.org.id,
          conversationId: row!.id,
          role: t.role,
          content: t.content,
          seq: i + 1,
          dedupeKey: channel === "voice" ? `t:${i + 1}` : `sms:SM${i}${row!.id.slice(0, 8)}`,
        })),
      );
    }
    return row!.id;
  });
}

/** The conversation's summary columns. */
export async function conversationSummary(ctx: TenantContext, id: string) {
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({
        summary: conversations.summary,
        summarySource: conversations.summarySource,
        summarizedAt: conversations.summarizedAt,
      })
      .from(conversations)
      .where(and(eq(conversations.orgId, ctx.org.id), eq(conversations.id, id))),
  );
  return row!;
}
