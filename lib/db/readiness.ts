import "server-only";
import { getClient } from "@/db";
import journal from "@/db/migrations/meta/_journal.json";
import { getBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";

export type Readiness = {
  ready: boolean;
  database: "ok" | "unreachable";
  migrations: { applied: number; expected: number; current: boolean } | null;
  /** The job queue answers and the webhook inbox's queue exists (events can be enqueued). */
  jobQueue: "ok" | "unreachable";
};

const QUEUE_CHECK_MS = 3_000;

async function checkJobQueue(): Promise<"ok" | "unreachable"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), QUEUE_CHECK_MS);
  });
  try {
    const queue = await Promise.race([
      getBoss().then((boss) => boss.getQueue(QUEUES.memory.name)),
      late,
    ]);
    return queue ? "ok" : "unreachable";
  } catch {
    return "unreachable";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Ready = the database answers, every migration shipped with this build has been applied, and the
 * job queue answers.
 */
export async function checkReadiness(): Promise<Readiness> {
  const expected = journal.entries.length;
  try {
    const { sql } = getClient();
    const rows = await sql<{ applied: number }[]>`
      select count(*)::int as applied from drizzle.__drizzle_migrations`.catch(() => [
      { applied: 0 },
    ]);
    const applied = rows[0]?.applied ?? 0;
    const current = applied === expected;
    const jobQueue = await checkJobQueue();
    return {
      ready: current && jobQueue === "ok",
      database: "ok",
      migrations: { applied, expected, current },
      jobQueue,
    };
  } catch {
    return { ready: false, database: "unreachable", migrations: null, jobQueue: "unreachable" };
  }
}
