import { z } from "zod";
import type { ContactMemoryView, MemoryJobStatus } from "./queries";
import { idSchema } from "./schemas";

// What the memory module's /api/v1 routes read and answer (app/api/v1/memory/**).

/** A route's `[id]` segment: a contact, conversation or job id. */
export const idParamsSchema = z.object({ id: idSchema });

export type ContactMemoryResponse = { data: Omit<ContactMemoryView, "timezone"> };
export type SummariseResponse = {
  data: { jobId: string; state: "created"; stateUrl: string };
};
export type SummaryJobResponse = { data: MemoryJobStatus };
