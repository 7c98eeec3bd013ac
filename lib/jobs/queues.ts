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
  memory: {
    name: "memory.summarize",
    // Summarising never blocks anything: retry calmly. A failing LLM falls back to the offline
    // summariser inside one attempt, so retries are for the database.
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 300,
  },
  contactsImport: {
    name: "contacts.import",
    retryLimit: 2,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 1800,
  },
  mail: {
    name: "mail.send",
    // SMTP servers go away for minutes (greylisting, maintenance): 1 try + 8 retries backing off
    // from 30 s reaches about two hours before the message is marked failed in the outbox.
    retryLimit: 8,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 120,
  },
} as const satisfies Record<string, PgBoss.Queue & { name: string }>;

export type IngestJob = { orgId: string; eventId: string };
/** Summarise one conversation and fold it into its contact's memory. */
export type MemoryJob = { orgId: string; conversationId: string };
/** Send one outbox message: an org's (tenant outbox) or one about an account. */
export type MailJob =
  { scope: "org"; orgId: string; messageId: string } | { scope: "account"; messageId: string };
export type ContactsImportJob = { orgId: string; importId: string };

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const queue of Object.values(QUEUES)) {
    const existing = await boss.getQueue(queue.name);
    if (!existing) await boss.createQueue(queue.name, queue);
  }
}
