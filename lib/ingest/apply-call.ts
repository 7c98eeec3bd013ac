import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { and, asc, eq, inArray, like, or, sql } from "drizzle-orm";
import { conversations, messages, timelineEvents, type Conversation } from "@/db/schema";
import { toE164 } from "@/lib/contacts/phone";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueueResolvedConversation } from "@/lib/memory/jobs";
import { CALL_REPORT_GRACE_SECONDS } from "@/lib/memory/triggers";
import { enqueueRoiRefresh } from "@/lib/roi/enqueue";
import { CALL_STATUS_RANK, mergeCall, type CallState } from "@/lib/webhooks/call-status";
import { CALL_STATUSES, type CallFacts, type CallStatus } from "@/lib/webhooks/facts";
import { emitDomainEvent, putTimelineEvent, upsertContact } from "./records";

type Scope = {
  tx: TenantTx;
  country: CountryCode;
  receivedAt: Date;
  /** From Luneo's test event: a contact it creates is test-only. */
  test?: boolean;
};

/** Serialises every job touching one call (either of its ids), so two events never create two rows. */
async function lockCall(tx: TenantTx, call: CallFacts) {
  const { orgId } = tx;
  const keys = [
    call.vapiCallId && `vapi:${call.vapiCallId}`,
    call.twilioCallSid && `twilio:${call.twilioCallSid}`,
  ]
    .filter((k): k is string => Boolean(k))
    .sort();
  if (keys.length === 0) return;
  // One statement for both ids: a select list is evaluated left to right, so the locks are still
  // taken in sorted order (no deadlock between two jobs of one call), in one round trip.
  const locks = keys.map(
    (key) => sql`pg_advisory_xact_lock(hashtextextended(${`${orgId}:call:${key}`}, 0))`,
  );
  await tx.execute(sql`select ${sql.join(locks, sql`, `)}`);
}

function toCallState(row: Conversation, transcript: CallState["transcript"]): CallState {
  const state: CallState = {};
  const set = <K extends keyof CallState>(key: K, value: CallState[K] | null) => {
    if (value !== null && value !== undefined) state[key] = value;
  };
  set(
    "status",
    (CALL_STATUSES as readonly string[]).includes(row.status)
      ? (row.status as CallStatus)
      : undefined,
  );
  set("sequence", row.statusSequence);
  set("statusAt", row.statusAt);
  set("vapiCallId", row.vapiCallId);
  set("twilioCallSid", row.twilioCallSid);
  set("direction", row.direction);
  set("startedAt", row.startedAt);
  set("endedAt", row.endedAt);
  set("durationSeconds", row.durationSeconds);
  set("endedReason", row.endedReason);
  set("cost", row.cost);
  set("costBreakdown", row.costBreakdown);
  set("recordingUrl", row.recordingUrl);
  set("summary", row.summary);
  set("structuredData", row.structuredData);
  set("successEvaluation", row.successEvaluation);
  if (transcript?.length) state.transcript = transcript;
  return state;
}

function columnsOf(state: CallState) {
  return {
    status: state.status ?? "queued",
    statusRank: CALL_STATUS_RANK[state.status ?? "queued"],
    statusSequence: state.sequence ?? null,
    statusAt: state.statusAt ?? null,
    vapiCallId: state.vapiCallId ?? null,
    twilioCallSid: state.twilioCallSid ?? null,
    direction: state.direction ?? null,
    startedAt: state.startedAt ?? null,
    endedAt: state.endedAt ?? null,
    durationSeconds: state.durationSeconds ?? null,
    endedReason: state.endedReason ?? null,
    cost: state.cost ?? null,
    costBreakdown: state.costBreakdown ?? null,
    recordingUrl: state.recordingUrl ?? null,
    summary: state.summary ?? null,
    structuredData: state.structuredData ?? null,
    successEvaluation: state.successEvaluation ?? null,
  };
}

async function transcriptOf(tx: TenantTx, conversationId: string) {
  const { orgId } = tx;
  const rows = await tx
    .select({ role: messages.role, content: messages.content, sentAt: messages.sentAt })
    .from(messages)
    .where(
      and(
        eq(messages.orgId, orgId),
        eq(messages.conversationId, conversationId),
        like(messages.dedupeKey, "t:%"),
      ),
    )
    .orderBy(asc(messages.seq));
  return rows.map((r) => ({
    role: r.role,
    content: r.content,
    ...(r.sentAt ? { at: r.sentAt } : {}),
  }));
}

type FoundCall = {
  row: Conversation;
  /** The call's state folded from every row found, transcripts included. */
  state: CallState;
  /** The transcript stored on `row` now (compared by reference to decide whether to rewrite it). */
  storedTranscript: CallState["transcript"];
};

/**
 * Finds the call's conversation by either id. When VAPI's call and Twilio's CallSid were first
 * seen apart and later joined, the rows become one: the older survives, the others' facts and
 * transcripts are folded into its state before they are deleted, and their timeline moves over.
 */
async function findCall(tx: TenantTx, call: CallFacts): Promise<FoundCall | null> {
  const { orgId } = tx;
  const ids = [
    call.vapiCallId ? eq(conversations.vapiCallId, call.vapiCallId) : undefined,
    call.twilioCallSid ? eq(conversations.twilioCallSid, call.twilioCallSid) : undefined,
  ].filter(Boolean);
  if (ids.length === 0) return null;
  const rows = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.orgId, orgId), or(...ids)))
    .orderBy(asc(conversations.createdAt))
    .for("update");
  const [survivor, ...others] = rows;
  if (!survivor) return null;
  // The stored transcript only matters when this event brings one to compare with, or when rows
  // merge: a status update (most events of a live call) leaves it as it is, unread.
  const storedTranscript =
    call.transcript !== undefined || others.length > 0
      ? await transcriptOf(tx, survivor.id)
      : undefined;
  let state = toCallState(survivor, storedTranscript);
  for (const other of others) {
    state = mergeCall(state, toCallState(other, await transcriptOf(tx, other.id)));
  }
  if (others.length > 0) {
    const otherIds = others.map((o) => o.id);
    await tx
      .delete(messages)
      .where(and(eq(messages.orgId, orgId), inArray(messages.conversationId, otherIds)));
    await tx
      .update(timelineEvents)
      .set({ conversationId: survivor.id })
      .where(
        and(eq(timelineEvents.orgId, orgId), inArray(timelineEvents.conversationId, otherIds)),
      );
    await tx
      .delete(conversations)
      .where(and(eq(conversations.orgId, orgId), inArray(conversations.id, otherIds)));
  }
  return { row: survivor, state, storedTranscript };
}

/** Applies one call event: contact, conversation (never moving backwards), transcript, timeline. */
export async function applyCallFacts(scope: Scope, call: CallFacts) {
  const { tx } = scope;
  const { orgId } = tx;
  await lockCall(tx, call);
  const found = await findCall(tx, call);
  const existing = found?.row;
  const merged = mergeCall(found?.state ?? {}, call);

  const callerRaw = (merged.direction ?? call.direction) === "outbound" ? call.to : call.from;
  const callerPhone = toE164(callerRaw, scope.country);
  const at = call.statusAt ?? call.startedAt ?? scope.receivedAt;
  const contactId = callerPhone
    ? await upsertContact(tx, callerPhone, at, "voice", scope.test)
    : (existing?.contactId ?? null);

  const values = {
    ...columnsOf(merged),
    contactId: existing?.contactId ?? contactId,
    fromNumber: existing?.fromNumber ?? call.from ?? null,
    toNumber: existing?.toNumber ?? call.to ?? null,
    lastMessageAt: merged.endedAt ?? merged.statusAt ?? at,
    // VAPI's own analysis wins over a summary Luneo wrote while waiting for it (memory job);
    // without one in this event, the stored summary and its source stay as they are.
    ...(call.summary
      ? { summary: call.summary, summarySource: "vapi" as const }
      : { summary: existing?.summary ?? merged.summary ?? null }),
  };
  const [row] = existing
    ? await tx
        .update(conversations)
        .set({ ...values, updatedAt: sql`now()` })
        .where(and(eq(conversations.orgId, orgId), eq(conversations.id, existing.id)))
        .returning()
    : await tx
        .insert(conversations)
        .values({ orgId, channel: "voice", ...values })
        .returning();
  const conversation = row!;

  if (merged.transcript && merged.transcript !== found?.storedTranscript) {
    await replaceTranscript(tx, conversation.id, merged.transcript);
  }
  await recordCallTimeline(scope, conversation, merged);
  // The call is resolved: its learning signals (any call) and the contact's memory (a call with a
  // contact) once VAPI's report is likely in.
  if (merged.status === "ended") {
    await enqueueResolvedConversation(tx, conversation, {
      startAfterSeconds: CALL_REPORT_GRACE_SECONDS,
    });
  }
  await enqueueRoiRefresh(tx); // the overview's figures catch up within a minute (lib/roi)
}

async function replaceTranscript(
  tx: TenantTx,
  conversationId: string,
  turns: NonNullable<CallState["transcript"]>,
) {
  const { orgId } = tx;
  await tx
    .delete(messages)
    .where(
      and(
        eq(messages.orgId, orgId),
        eq(messages.conversationId, conversationId),
        like(messages.dedupeKey, "t:%"),
      ),
    );
  if (turns.length === 0) return;
  await tx.insert(messages).values(
    turns.map((turn, index) => ({
      orgId,
      conversationId,
      role: turn.role,
      content: turn.content,
      sentAt: turn.at ?? null,
      seq: index + 1,
      dedupeKey: `t:${index + 1}`,
    })),
  );
}

async function recordCallTimeline(scope: Scope, conversation: Conversation, state: CallState) {
  const { tx } = scope;
  const startedAt = state.startedAt ?? conversation.createdAt;
  const common = { contactId: conversation.contactId, conversationId: conversation.id };
  await putTimelineEvent(tx, {
    ...common,
    kind: "call.started",
    occurredAt: startedAt,
    data: {
      direction: state.direction ?? null,
      from: conversation.fromNumber,
      to: conversation.toNumber,
    },
    dedupeKey: `call:${conversation.id}:started`,
  });
  await emitDomainEvent(tx, {
    type: "conversation.started",
    dedupeKey: `conversation.started:${conversation.id}`,
    occurredAt: startedAt,
    payload: {
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: "voice",
    },
  });
  if (state.status !== "ended") return;
  const endedAt = state.endedAt ?? state.statusAt ?? scope.receivedAt;
  await putTimelineEvent(tx, {
    ...common,
    kind: "call.ended",
    occurredAt: endedAt,
    data: {
      durationSeconds: state.durationSeconds ?? null,
      endedReason: state.endedReason ?? null,
      cost: state.cost ?? null,
      summary: state.summary ?? null,
      recordingUrl: state.recordingUrl ?? null,
      successEvaluation: state.successEvaluation ?? null,
    },
    dedupeKey: `call:${conversation.id}:ended`,
    refresh: true,
  });
  await emitDomainEvent(tx, {
    type: "conversation.ended",
    dedupeKey: `conversation.ended:${conversation.id}`,
    occurredAt: endedAt,
    payload: {
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: "voice",
    },
  });
}
