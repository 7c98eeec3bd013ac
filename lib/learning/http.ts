import { z } from "zod";
import type { LearningGap, LearningSignal } from "@/db/schema";
import type { AnalysisJobStatus } from "./queries";
import { gapIdSchema } from "./schemas";

// What the learning module's /api/v1 routes read and answer (app/api/v1/learning/**).

export const gapParamsSchema = z.object({ id: gapIdSchema });
export const jobParamsSchema = z.object({ id: z.guid("This is not a valid job id.") });

export type ApiGap = {
  id: string;
  language: "en" | "fr";
  status: LearningGap["status"];
  question: string;
  signalCount: number;
  callerCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
  impact: number;
  answer: string | null;
  version: number;
  /** Set while an open gap is snoozed: it is listed under status=snoozed until then. */
  snoozedUntil: string | null;
};

export type ApiSignal = {
  id: string;
  question: string;
  outcome: string;
  /** null for a signal sent through the API without a conversation. */
  conversationId: string | null;
  occurredAt: string;
};

export const apiGap = (
  g: Pick<
    LearningGap,
    | "id"
    | "language"
    | "status"
    | "canonicalQuestion"
    | "signalCount"
    | "callerCount"
    | "firstSeenAt"
    | "lastSeenAt"
    | "impact"
  > & { answer?: string | null; version?: number; snoozedUntil?: Date | null },
): ApiGap => ({
  id: g.id,
  language: g.language,
  status: g.status,
  question: g.canonicalQuestion,
  signalCount: g.signalCount,
  callerCount: g.callerCount,
  firstSeenAt: g.firstSeenAt.toISOString(),
  lastSeenAt: g.lastSeenAt.toISOString(),
  impact: Math.round(g.impact * 100) / 100,
  answer: g.answer ?? null,
  version: g.version ?? 1,
  snoozedUntil: g.snoozedUntil?.toISOString() ?? null,
});

export type GapsResponse = { data: ApiGap[]; nextCursor: string | null };
export type GapResponse = { data: ApiGap & { signals: ApiSignal[] } };
export type GapDecisionResponse = { data: ApiGap };

export type AnalysisResponse = {
  data: { jobId: string; state: "created"; stateUrl: string };
};
export type AnalysisJobResponse = { data: AnalysisJobStatus };

/** POST /api/v1/learning/signals: the signal as stored (the same body when sent again). */
export type ApiExternalSignal = ApiSignal & {
  externalId: string | null;
  language: "en" | "fr";
  contactId: string | null;
  /** The gap it joined, once the learning.place job clustered it (null until then, or answered). */
  gapId: string | null;
};
export type SignalResponse = { data: ApiExternalSignal };

export const apiExternalSignal = (s: LearningSignal): ApiExternalSignal => ({
  id: s.id,
  question: s.question,
  outcome: s.outcome,
  conversationId: s.conversationId,
  occurredAt: s.occurredAt.toISOString(),
  externalId: s.externalId,
  language: s.language,
  contactId: s.contactId,
  gapId: s.gapId,
});
