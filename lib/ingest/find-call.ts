import "server-only";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { conversations, messages, timelineEvents, type Conversation } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";
import { txClient } from "@/lib/db/tx-client";
import { mergeCall, type CallState } from "@/lib/webhooks/call-status";
import { CALL_STATUSES, type CallFacts, type CallStatus } from "@/lib/webhooks/facts";
import { transcriptRows } from "./records";

// Finding the one conversation of a call (apply-call.ts): its lock, its rows by either provider
// id, and their state folded together when VAPI's and Twilio's ids were first seen apart.

/**
 * Serialises every job touching one call (either of its ids), so two events never create two rows.
 * Sent at once on the transaction's connection (not awaited here): a read issued after this call
 * runs after the lock is held, in the same round trip (statements on one connection run in the
 * order they were sent, each with its own snapshot).
 */
export function lockCall(tx: TenantTx, call: CallFacts): Promise<unknown> {
  const keys = lockKeysOf(tx, call);
  if (keys.length === 0) return Promise.resolve();
  // One statement for both ids: a select list is evaluated left to right, so the locks are still
  // taken in sorted order (no deadlock between two jobs of one call).
  const locks = keys.map((_, i) => `pg_advisory_xact_lock(hashtextextended($${i + 1}, 0))`);
  // postgres.js queues a query when it is executed: this one goes before any issued later.
  return txClient(tx)
    .unsafe(`select ${locks.join(", ")}`, keys)
    .execute();
}

function lockKeysOf(tx: TenantTx, call: CallFacts): string[] {
  return [
    call.vapiCallId && `vapi:${call.vapiCallId}`,
    call.twilioCallSid && `twilio:${call.twilioCallSid}`,
  ]
    .filter((k): k is string => Boolean(k))
    .sort()
    .map((key) => `${tx.orgId}:call:${key}`);
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

async function transcriptOf(tx: TenantTx, conversationId: string) {
  const { orgId } = tx;
  const rows = await tx
    .select({ role: messages.role, content: messages.content, sentAt: messages.sentAt })
    .from(messages)
    .where(transcriptRows(orgId, conversationId))
    .orderBy(asc(messages.seq));
  return rows.map((r) => ({
    role: r.role,
    content: r.content,
    ...(r.sentAt ? { at: r.sentAt } : {}),
  }));
}

export type FoundCall = {
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
export async function findCall(tx: TenantTx, call: CallFacts): Promise<FoundCall | null> {
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

/**
 * A call this transaction already applied an event to (several events of one org in one
 * transaction: lib/ingest/process-event.ts). Its row is locked by this transaction, so it is as
 * this transaction wrote it, and what of its timeline was written need not be written again.
 */
export type KnownCall = {
  row: Conversation;
  /** The transcript stored on `row`, when this transaction read or wrote it. */
  stored: { transcript: CallState["transcript"] } | null;
  lockKeys: string[];
  started: boolean;
  ended: boolean;
  resolved: boolean;
};

const knownCalls = new WeakMap<TenantTx, KnownCall[]>();

/**
 * The call as this transaction left it, if finding it again would give that row and nothing else:
 * every id of the event is one the row has and whose lock this transaction holds (an id the row
 * lacks could find another row, to be merged). Else null: lock and find as usual.
 */
export function knownCall(
  tx: TenantTx,
  call: CallFacts,
): { known: KnownCall; found: FoundCall } | null {
  const keys = lockKeysOf(tx, call);
  if (keys.length === 0) return null;
  const known = knownCalls
    .get(tx)
    ?.find(
      (entry) =>
        keys.every((key) => entry.lockKeys.includes(key)) &&
        (call.vapiCallId === undefined || entry.row.vapiCallId === call.vapiCallId) &&
        (call.twilioCallSid === undefined || entry.row.twilioCallSid === call.twilioCallSid),
    );
  if (!known) return null;
  // findCall reads the stored transcript only for an event that brings one.
  if (call.transcript !== undefined && !known.stored) return null;
  const transcript = call.transcript === undefined ? undefined : known.stored?.transcript;
  const state = toCallState(known.row, transcript);
  return { known, found: { row: known.row, state, storedTranscript: transcript } };
}

/**
 * Records the call's row as this transaction wrote it, with the locks it holds for it and what of
 * its timeline it wrote (kept from an earlier entry of the same row).
 */
export function rememberCall(
  tx: TenantTx,
  call: CallFacts,
  row: Conversation,
  { stored }: Pick<KnownCall, "stored">,
): KnownCall {
  const calls = knownCalls.get(tx) ?? [];
  const own = lockKeysOf(tx, call);
  // Entries of this call (its row, or rows it just merged and deleted) give way to this one.
  const same = (c: KnownCall) => c.row.id === row.id || c.lockKeys.some((k) => own.includes(k));
  const earlier = calls.find((c) => c.row.id === row.id);
  const known: KnownCall = {
    row,
    stored,
    lockKeys: [...new Set([...calls.filter(same).flatMap((c) => c.lockKeys), ...own])],
    started: earlier?.started ?? false,
    ended: earlier?.ended ?? false,
    resolved: earlier?.resolved ?? false,
  };
  knownCalls.set(tx, [...calls.filter((c) => !same(c)), known]);
  return known;
}
