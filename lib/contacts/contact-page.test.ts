import { drainInbox } from "@/test/inbox";
import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as transcriptRoute } from "@/app/(dashboard)/contacts/[id]/conversations/[conversationId]/transcript/route";
import { GET as timelineRoute } from "@/app/(dashboard)/contacts/[id]/timeline/route";
import { auditLog, contacts, conversations, timelineEvents } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { CALL_DURATION_SECONDS, incomingSms, TWILIO_IDS } from "@/test/fixtures/twilio";
import {
  endOfCallReport,
  RECORDING_URL,
  SCRIPT_TURNS,
  SUMMARY,
  VAPI_IDS,
} from "@/test/fixtures/vapi";
import { connectChannels, postTwilio, postVapi, type Connected } from "@/test/webhooks";
import { addNote } from "./profile/notes";
import { getContactRecorded, getTranscriptRecorded } from "./recorded-reads";
import { createContact, updateContactProfile } from "./profile/service";
import { getTimelinePageRecorded, type TimelineEntry } from "./timeline/recorded-reads";

// The routes read the session from Auth.js cookies; here the session is whoever the test says.
const session = vi.hoisted(() => ({ ctx: null as TenantContext | null }));
vi.mock("@/lib/auth/session", () => ({
  getSessionContext: async () => (session.ctx ? { ctx: session.ctx } : null),
}));

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let A: Connected;
/** Dana, who called org A (the fixture call) and texted twice. */
let dana: string;
let call: string;
let otherContact: string;
let bContact: string;

/** Processes every event the routes stored, like the worker would. */
async function drainJobs(orgId: string) {
  await drainInbox(orgId);
}

const auditRows = (orgId: string, action: string) =>
  withSystem("test: read the audit log", (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), eq(auditLog.action, action))),
  );

const allPages = async (ctx: TenantContext, contactId: string, limit: number) => {
  const entries: TimelineEntry[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await getTimelinePageRecorded(ctx, contactId, { cursor, limit });
    entries.push(...page.entries);
    cursor = page.nextCursor;
    if (!cursor) return entries;
  }
  throw new Error("the timeline never ended");
};

const transcriptUrl = (contactId: string, conversationId: string) =>
  `http://localhost:3000/contacts/${contactId}/conversations/${conversationId}/transcript`;
const getTranscript = (contactId: string, conversationId: string) =>
  transcriptRoute(new Request(transcriptUrl(contactId, conversationId)), {
    params: Promise.resolve({ id: contactId, conversationId }),
  });

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
  A = await connectChannels(a.ctx);
  await postVapi(A.vapiEndpoint, endOfCallReport(), { "x-vapi-secret": A.vapiSecret });
  for (const sid of [TWILIO_IDS.messageSid, `SM${randomBytes(16).toString("hex")}`]) {
    await postTwilio(
      A.twilioEndpoint,
      "sms",
      incomingSms({ MessageSid: sid, SmsSid: sid, SmsMessageSid: sid }),
      A.authToken,
    );
  }
  await drainJobs(a.orgId);
  const [row] = await withTenant(a.ctx, (tx) =>
    tx
      .select({ contactId: conversations.contactId, id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.orgId, a.orgId), eq(conversations.channel, "voice"))),
  );
  dana = row!.contactId!;
  call = row!.id;
  otherContact = (await createContact(a.ctx, { phones: ["+14155550124"], name: "Sam" })).id;
  bContact = (await createContact(b.ctx, { phones: ["+14155550123"], name: "Bea" })).id;
});

describe("reading a contact", () => {
  it("records contact.viewed naming the contact, with nothing of the person in it", async () => {
    const before = (await auditRows(a.orgId, "contact.viewed")).length;
    const reading = await getContactRecorded(a.ctx, dana);
    expect(reading.contact.id).toBe(dana);
    expect(reading.phones).toEqual([VAPI_IDS.customerNumber]);
    const rows = await auditRows(a.orgId, "contact.viewed");
    expect(rows).toHaveLength(before + 1);
    const entry = rows.at(-1)!;
    expect(entry).toMatchObject({
      actorType: "user",
      actorId: a.userId,
      targetType: "contact",
      targetId: dana,
      metadata: {},
    });
    expect(JSON.stringify(entry)).not.toContain(VAPI_IDS.customerNumber.slice(2));
  });

  it("finds no contact of another org, and audits nothing", async () => {
    const before = await Promise.all([
      auditRows(a.orgId, "contact.viewed"),
      auditRows(b.orgId, "contact.viewed"),
    ]);
    await expectAppError(getContactRecorded(a.ctx, bContact), "NOT_FOUND");
    await expectAppError(getContactRecorded(b.ctx, dana), "NOT_FOUND");
    await expectAppError(getContactRecorded(a.ctx, "not-a-uuid"), "NOT_FOUND");
    await expectAppError(getTimelinePageRecorded(a.ctx, bContact), "NOT_FOUND");
    const after = await Promise.all([
      auditRows(a.orgId, "contact.viewed"),
      auditRows(b.orgId, "contact.viewed"),
    ]);
    expect(after.map((r) => r.length)).toEqual(before.map((r) => r.length));
  });

  it("returns a merged-away contact unaudited, pointing at the survivor", async () => {
    const { id: gone } = await createContact(a.ctx, { phones: ["+14155550125"] });
    await withSystem("test: merge a contact away", (tx) =>
      tx
        .update(contacts)
        .set({ mergedIntoId: otherContact, mergedAt: new Date() })
        .where(and(eq(contacts.orgId, a.orgId), eq(contacts.id, gone))),
    );
    const before = (await auditRows(a.orgId, "contact.viewed")).length;
    const reading = await getContactRecorded(a.ctx, gone);
    expect(reading.contact.mergedIntoId).toBe(otherContact);
    expect(reading.phones).toEqual([]);
    expect(await auditRows(a.orgId, "contact.viewed")).toHaveLength(before);
  });
});

describe("the timeline", () => {
  it("shows the call once, with its summary, duration and recording, without its transcript", async () => {
    const { entries } = await getTimelinePageRecorded(a.ctx, dana);
    const calls = entries.filter((e) => e.conversation?.channel === "voice");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      kind: "call.ended",
      conversation: {
        id: call,
        status: "ended",
        summary: SUMMARY,
        summarySource: "vapi",
        durationSeconds: CALL_DURATION_SECONDS,
        endedReason: "customer-ended-call",
        recordingUrl: RECORDING_URL,
        messageCount: SCRIPT_TURNS.length,
      },
    });
    expect(calls[0]!.messages).toBeUndefined();
    expect(JSON.stringify(entries)).not.toContain(SCRIPT_TURNS[1]!.content);
  });

  it("shows an SMS thread as one entry with its messages", async () => {
    const { entries } = await getTimelinePageRecorded(a.ctx, dana);
    const threads = entries.filter((e) => e.conversation?.channel === "sms");
    expect(threads).toHaveLength(1);
    expect(threads[0]!.conversation!.messageCount).toBe(2);
    expect(threads[0]!.messages!.map((m) => [m.role, m.content])).toEqual([
      ["user", incomingSms().Body],
      ["user", incomingSms().Body],
    ]);
  });

  it("pages newest first by keyset, without losing or repeating an entry", async () => {
    for (let i = 0; i < 5; i++) await addNote(a.ctx, dana, `Note ${i}`);
    // Entries at the very same instant are ordered by id, and pages cut between them.
    const at = new Date("2025-03-05T09:00:00.000Z");
    await withTenant(a.ctx, (tx) =>
      tx.insert(timelineEvents).values(
        Array.from({ length: 5 }, (_, i) => ({
          orgId: a.orgId,
          contactId: dana,
          kind: "booking.created",
          occurredAt: at,
          data: {},
          dedupeKey: `test:booking:${i}:${randomBytes(4).toString("hex")}`,
        })),
      ),
    );
    const whole = (await getTimelinePageRecorded(a.ctx, dana, { limit: 100 })).entries;
    expect(whole.length).toBe(12); // 5 notes, 5 bookings, the call, the SMS thread
    for (const limit of [1, 2, 3, 5]) {
      const paged = await allPages(a.ctx, dana, limit);
      expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    }
    const times = whole.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    // Entries at the same instant (the five bookings; notes written within one millisecond) come
    // in ascending id order (timeline/recorded-reads.ts orders by occurred_at desc, id asc). Every time here is
    // a whole millisecond (written from a JS Date), so equal strings are equal in the database.
    const ties = whole.slice(1).flatMap((entry, i) => {
      const previous = whole[i]!;
      return previous.occurredAt === entry.occurredAt ? [[previous.id, entry.id]] : [];
    });
    expect(ties.length).toBeGreaterThanOrEqual(4);
    for (const [first, second] of ties)
      expect(first! < second!, `${first} before ${second}`).toBe(true);
    const bookings = whole.filter((e) => e.kind === "booking.created");
    expect(bookings.map((e) => e.occurredAt)).toEqual(Array(5).fill(at.toISOString()));
    expect(bookings.map((e) => e.id)).toEqual(bookings.map((e) => e.id).sort());
    // The notes are the newest five, each once (whatever their ties).
    expect(
      whole
        .slice(0, 5)
        .map((e) => e.data.body)
        .sort(),
    ).toEqual(["Note 0", "Note 1", "Note 2", "Note 3", "Note 4"]);
  });

  it("is served as JSON to a signed-in reader, 401 otherwise", async () => {
    const request = () =>
      timelineRoute(new Request(`http://localhost:3000/contacts/${dana}/timeline?limit=2`), {
        params: Promise.resolve({ id: dana }),
      });
    session.ctx = null;
    const anonymous = await request();
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("UNAUTHORIZED");

    session.ctx = member.ctx;
    const response = await request();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.entries).toHaveLength(2);
    expect(body.nextCursor).toEqual(expect.any(String));

    session.ctx = b.ctx;
    expect((await request()).status).toBe(404);
  });
});

describe("the transcript route", () => {
  it("returns the turns, caller and agent, and records transcript.viewed", async () => {
    const before = (await auditRows(a.orgId, "transcript.viewed")).length;
    session.ctx = member.ctx;
    const response = await getTranscript(dana, call);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.turns.map((t: { role: string }) => t.role)).toEqual(
      SCRIPT_TURNS.map((t) => t.role),
    );
    expect(body.turns[1].content).toBe(SCRIPT_TURNS[1]!.content);
    const rows = await auditRows(a.orgId, "transcript.viewed");
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      actorId: member.userId,
      targetType: "conversation",
      targetId: call,
      metadata: { contactId: dana },
    });
  });

  it("is 404 for a conversation of another contact or another org, unaudited", async () => {
    const before = (await auditRows(a.orgId, "transcript.viewed")).length;
    session.ctx = a.ctx;
    expect((await getTranscript(otherContact, call)).status).toBe(404);
    expect((await getTranscript(dana, otherContact)).status).toBe(404);
    expect((await getTranscript(dana, "nope")).status).toBe(404);
    session.ctx = b.ctx;
    expect((await getTranscript(dana, call)).status).toBe(404);
    await expectAppError(getTranscriptRecorded(b.ctx, dana, call), "NOT_FOUND");
    session.ctx = null;
    expect((await getTranscript(dana, call)).status).toBe(401);
    expect(await auditRows(a.orgId, "transcript.viewed")).toHaveLength(before);
    expect(await auditRows(b.orgId, "transcript.viewed")).toHaveLength(0);
  });
});

describe("notes and roles", () => {
  const notesOf = (contactId: string) =>
    withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(timelineEvents)
        .where(and(eq(timelineEvents.contactId, contactId), eq(timelineEvents.kind, "note"))),
    );

  it("lets a member add a note, signed and audited without its body", async () => {
    const { id } = await addNote(member.ctx, otherContact, "  Prefers a call after 6pm.  ");
    const [note] = await notesOf(otherContact);
    expect(note).toMatchObject({
      id,
      conversationId: null,
      data: { body: "Prefers a call after 6pm.", authorId: member.userId },
    });
    expect(note!.data.authorName).toMatch(/^member /);
    expect(note!.dedupeKey).toMatch(/^note:[0-9a-f-]{36}$/);
    const [audit] = (await auditRows(a.orgId, "contact.note_added")).filter(
      (r) => r.metadata.noteId === id,
    );
    expect(audit).toMatchObject({ targetType: "contact", targetId: otherContact });
    expect(JSON.stringify(audit)).not.toContain("6pm");
    const { entries } = await getTimelinePageRecorded(member.ctx, otherContact);
    expect(entries.map((e) => e.kind)).toEqual(["note"]);
  });

  it("does not let a member change the profile: FORBIDDEN, nothing written", async () => {
    const read = () =>
      withTenant(a.ctx, (tx) =>
        tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, a.orgId), eq(contacts.id, dana))),
      );
    const [before] = await read();
    const audits = (await auditRows(a.orgId, "contact.updated")).length;
    await expectAppError(
      updateContactProfile(member.ctx, dana, { name: "Someone else", tags: ["x"] }),
      "FORBIDDEN",
    );
    expect((await read())[0]).toEqual(before);
    expect(await auditRows(a.orgId, "contact.updated")).toHaveLength(audits);
  });

  it("refuses an empty note with a field error, and writes nothing", async () => {
    const count = async () =>
      (
        await withTenant(a.ctx, (tx) =>
          tx
            .select({ n: sql<number>`count(*)::int` })
            .from(timelineEvents)
            .where(eq(timelineEvents.kind, "note")),
        )
      )[0]!.n;
    const before = await count();
    const error = await expectAppError(addNote(member.ctx, dana, "   "), "VALIDATION");
    expect(error.fieldErrors?.body).toEqual(["Write the note first."]);
    await expectAppError(addNote(a.ctx, bContact, "Hello"), "NOT_FOUND");
    expect(await count()).toBe(before);
  });
});
