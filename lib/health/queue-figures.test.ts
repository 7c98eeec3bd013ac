import { afterAll, describe, expect, it } from "vitest";
import { withSystem } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { renderMetrics } from "./metrics";
import { INBOX_QUEUE, readQueueFigures } from "./queue-figures";

// Staff and Prometheus read each queue's lag and failures from pg-boss's table: a job scheduled
// for later is not late, and only jobs whose retries are spent count as failed.

await setupFreshDatabase();
afterAll(stopBoss);

const queue = QUEUES.mail.name;
const read = () => withSystem("test reads queue figures", readQueueFigures);

describe("job queue figures", () => {
  it("count what waits, how long the oldest has waited, and what failed for good", async () => {
    const boss = await getBoss();
    expect((await read()).find((q) => q.queue === queue)).toBeUndefined();

    await boss.send(queue, { n: 1 }, { retryLimit: 0 });
    await boss.send(queue, { n: 2 }, { retryLimit: 0, startAfter: 3600 });
    const waiting = (await read()).find((q) => q.queue === queue)!;
    expect(waiting).toMatchObject({ waiting: 1, finishedLastHour: 0, failedLastHour: 0 });
    expect(waiting.lagSeconds).toBeGreaterThanOrEqual(0);

    await boss.send(queue, { n: 3 }, { retryLimit: 0 });
    const [first, second] = await boss.fetch(queue, { batchSize: 2 });
    await boss.complete(queue, first!.id);
    await boss.fail(queue, second!.id, { message: "test" });
    const after = (await read()).find((q) => q.queue === queue)!;
    expect(after).toMatchObject({
      waiting: 0,
      lagSeconds: null,
      finishedLastHour: 2,
      failedLastHour: 1,
    });

    // pg-boss's own queues are not listed.
    await boss.send("__pgboss__send-it", {});
    expect((await read()).some((q) => q.queue.startsWith("__pgboss__"))).toBe(false);

    const { body } = await renderMetrics();
    expect(body).toContain(`luneo_jobs_failed_last_hour{queue="${queue}"} 1`);
    expect(body).toContain(`luneo_job_queue_lag_seconds{queue="${queue}"} 0`);
  });

  it("read the webhook inbox as the ingest queue: waiting, due retries, and what ended", async () => {
    const { orgId } = await createOwner();
    expect((await read()).find((q) => q.queue === INBOX_QUEUE)).toBeUndefined();
    const rows: [string, string | null, string | null][] = [
      ["received", null, null],
      ["failed", "now() - interval '1 minute'", null], // its retry is due
      ["failed", "now() + interval '1 hour'", null], // not yet
      ["processing", null, null],
      ["processed", null, "now()"],
      ["dead_lettered", null, "now()"],
      ["processed", null, "now() - interval '2 hours'"], // ended before the hour
    ];
    for (const [i, [status, retryAt, endedAt]] of rows.entries()) {
      await ownerSql().unsafe(
        `insert into webhook_events (org_id, provider, connection_id, kind, event_key, status,
                                     raw_body, received_at, next_attempt_at, processed_at)
         values ($1, 'vapi', gen_random_uuid(), 'status-update', $2, $3, '{}',
                 now() - interval '5 seconds', ${retryAt ?? "null"}, ${endedAt ?? "null"})`,
        [orgId, `k${i}`, status],
      );
    }
    const inbox = (await read()).find((q) => q.queue === INBOX_QUEUE)!;
    expect(inbox).toMatchObject({ waiting: 2, finishedLastHour: 2, failedLastHour: 1 });
    expect(inbox.lagSeconds).toBeGreaterThanOrEqual(5);
  });
});
