import type PgBoss from "pg-boss";

// Every queue, with its retry policy. Created by the migrate step, so the inbox can enqueue inside
// its own transaction from the first request on.
export const QUEUES = {
  ingest: {
    name: "ingest.normalize",
    // 1 try + 5 retries, backing off from 5 s (5, 10, 20, 40, 80 s); then the event is dead-lettered.
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
  },
} as const satisfies Record<string, PgBoss.Queue & { name: string }>;

export type IngestJob = { orgId: string; eventId: string };

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const queue of Object.values(QUEUES)) {
    const existing = await boss.getQueue(queue.name);
    if (!existing) await boss.createQueue(queue.name, queue);
  }
}
