import { z } from "zod";
import type { LearningGap } from "@/db/schema";
import type { AnalysisJobStatus } from "./queries";
import { gapIdSchema } from "./schemas";

// What the learning module's /api/v1 routes read and answer (app/api/v1/learning/**).

export const gapParamsSchema = z.object({ id: gapIdSchema });
export const jobParamsSchema = z.object({ id: z.guid("This is not a valid job id.") });

/** Signals returned with one gap (the most recent first). */
export const API_SIGNALS_LIMIT = 1000;

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
};

export type ApiSignal = {
  id: string;
  question: string;
  outcome: string;
  conversationId: string;
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
  > & { answer?: string | null; version?: number },
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
});

export type GapsResponse = { data: ApiGap[] };
export type GapResponse = { data: ApiGap & { signals: ApiSignal[] } };
export type GapDecisionResponse = { data: ApiGap };

export type AnalysisResponse = {
  data: { jobId: string; state: "created"; stateUrl: string };
};
export type AnalysisJobResponse = { data: AnalysisJobStatus };
