import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { and, eq, sql } from "drizzle-orm";
import { conversations, messages, type Conversation } from "@/db/schema";
import { toE164 } from "@/lib/contacts/phone";
import type { TenantTx } from "@/lib/db/scopes";
import { enqueueResolvedConversation } from "@/lib/memory/jobs";
import { CALL_REPORT_GRACE_SECONDS } from "@/lib/memory/triggers";
import { enqueueRoiRefresh } from "@/lib/roi/enqueue";
import { CALL_STATUS_RANK, mergeCall, type CallState } from "@/lib/webhooks/call-status";
import type { CallFacts } from "@/lib/webhooks/facts";
import { findCall, knownCall, lockCall, rememberCall, type KnownCall } from "./find-call";
import {
  flushCallsMatching,
  forgetCallWrite,
  holdCallWrite,
  sendWithBatch,
  touchContact,
  type KeyedWrites,
} from "./batch-writes";
import { transcriptRows } from "./records";

type Scope = {
  tx: TenantTx;
  country: CountryCode;
  receivedAt: Date;
  /** From Luneo's test event: a contact it creates is test-only. */
  test?: boolean;
};

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

/** Applies one call event: contact, conversation (never moving backwards), transcript, timeline. */
export async function applyCallFacts(scope: Scope, call: CallFacts) {
  const { tx } = scope;
  const { orgId } = tx;
  // A call this transaction already wrote is as it left it; else the lock and the read, in one
  // round trip (the read is sent after the lock, so it runs holding it).
  const cached = knownCall(tx, call);
  // Rows of this batch held in memory that the read could find go out first (batch-writes.ts).
  if (!cached) await flushCallsMatching(tx, call);
  const found = cached
    ? cached.found
    : (await Promise.all([lockCall(tx, call), findCall(tx, call)]))[1];
  const existing = found?.row;
  const merged = mergeCall(found?.state ?? {}, call);

  const callerRaw = (merged.direction ?? call.direction) === "outbound" ? call.to : call.from;
  const callerPhone = toE164(callerRaw, scope.country);
  const at = call.statusAt ?? call.startedAt ?? scope.receivedAt;
  const contactId = callerPhone
    ? await touchContact(tx, callerPhone, at, "voice", scope.test)
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
  // A call this transaction holds, given nothing the database would round (numeric costs) or
  // that needs more than its row (a transcript, VAPI's summary): its row is written once, at the
  // batch's end, with the batch's other calls (the status updates of a live call).
  const held =
    cached &&
    existing &&
    call.transcript === undefined &&
    call.summary === undefined &&
    values.cost === existing.cost &&
    values.durationSeconds === existing.durationSeconds
      ? holdCallWrite(tx, existing, values)
      : null;
  if (existing && !held) forgetCallWrite(tx, existing.id);
  const [row] = held
    ? [held]
    : existing
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

  const rewrite = Boolean(merged.transcript && merged.transcript !== found?.storedTranscript);
  // A conversation this event created has no stored turns to remove.
  if (rewrite) await replaceTranscript(tx, conversation.id, merged.transcript!, !existing);
  const known = rememberCall(tx, call, conversation, {
    stored: rewrite
      ? { transcript: merged.transcript }
      : found?.storedTranscript !== undefined
        ? { transcript: found.storedTranscript }
        : (cached?.known.stored ?? null),
  });
  const writes = recordCallTimeline(scope, conversation, merged, known);
  // The call is resolved: its learning signals (any call) and the contact's memory (a call with a
  // contact) once VAPI's report is likely in. Independent keyed inserts: sent with the timeline's.
  if (merged.status === "ended" && !known.resolved) {
    writes.jobs.push(() =>
      enqueueResolvedConversation(tx, conversation, {
        startAfterSeconds: CALL_REPORT_GRACE_SECONDS,
      }),
    );
    known.resolved = true;
  }
  // In a batch, with its other held writes at its end (batch-writes.ts); else now, together.
  await sendWithBatch(tx, writes);
  await enqueueRoiRefresh(tx); // the overview's figures catch up within a minute (lib/roi)
}

async function replaceTranscript(
  tx: TenantTx,
  conversationId: string,
  turns: NonNullable<CallState["transcript"]>,
  created: boolean,
) {
  const { orgId } = tx;
  if (!created) await tx.delete(messages).where(transcriptRows(orgId, conversationId));
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

// The timeline entries and domain events of a call are independent keyed inserts: returned
// unsent, for the caller to send with its jobs (together, or with the batch's: batch-writes.ts).
// Entries this transaction already wrote for the call (`known`) are not written again: they are
// keyed and never updated, except the end's timeline entry, which takes the richer facts.
function recordCallTimeline(
  scope: Scope,
  conversation: Conversation,
  state: CallState,
  known: KnownCall,
): KeyedWrites {
  const startedAt = state.startedAt ?? conversation.createdAt;
  const common = { contactId: conversation.contactId, conversationId: conversation.id };
  const payload = { conversationId: conversation.id, contactId: conversation.contactId };
  const writes: KeyedWrites = { timeline: [], events: [], jobs: [] };
  if (!known.started) {
    known.started = true;
    writes.timeline.push({
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
    writes.events.push({
      type: "conversation.started",
      dedupeKey: `conversation.started:${conversation.id}`,
      occurredAt: startedAt,
      payload: { ...payload, channel: "voice" },
    });
  }
  if (state.status === "ended") {
    const endedAt = state.endedAt ?? state.statusAt ?? scope.receivedAt;
    writes.timeline.push({
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
    if (!known.ended) {
      known.ended = true;
      writes.events.push({
        type: "conversation.ended",
        dedupeKey: `conversation.ended:${conversation.id}`,
        occurredAt: endedAt,
        payload: { ...payload, channel: "voice" },
      });
    }
  }
  return writes;
}
