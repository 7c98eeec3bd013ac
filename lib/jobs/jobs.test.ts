import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { Transaction } from "@/db";
import { contactsImportJob } from "@/lib/contacts/import/job";
import { mailJob } from "@/lib/mail/send-job";
import { memoryJob } from "@/lib/memory/summarise-job";
import { waitFor } from "@/test/wait";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { getBoss, stopBoss } from "./boss";
import type { JobPayload } from "./define";
import { enqueue } from "./enqueue";
import { ALL_JOBS, ensureQueues } from "./queues";
import { work } from "./worker";

// Jobs as declared by their modules: payloads checked when enqueued (by the compiler, then by the
// schema) and again when a worker takes a stored job.

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
beforeAll(async () => {
  a = await createOwner();
});

type StoredJob = { state: string; output: Record<string, unknown> | null };

async function stored(id: string): Promise<StoredJob | undefined> {
  const [row] = await ownerSql()<StoredJob[]>`
    select state, output from pgboss.job where id = ${id}
    union all select state, output from pgboss.archive where id = ${id}`;
  return row;
}

function settled(id: string): Promise<StoredJob | undefined> {
  return waitFor(
    () => stored(id),
    (row) => ["completed", "failed"].includes(row?.state ?? ""),
    { timeout: 20_000 },
  );
}

describe("enqueueing a job", () => {
  it("is a type error with a payload its schema does not describe", () => {
    const orgId = randomUUID();
    // Never called: these lines are checked by the compiler (`npm run typecheck` fails when a
    // line marked @ts-expect-error compiles).
    const calls = (tx: Transaction) => [
      enqueue(tx, memoryJob, { orgId, conversationId: randomUUID() }),
      enqueue(tx, mailJob, { scope: "account", messageId: randomUUID() }),
      // @ts-expect-error the conversation id is missing
      enqueue(tx, memoryJob, { orgId }),
      // @ts-expect-error an import payload on the memory queue
      enqueue(tx, memoryJob, { orgId, importId: randomUUID() }),
      // @ts-expect-error ids are text
      enqueue(tx, contactsImportJob, { orgId, importId: 42 }),
      // @ts-expect-error ids only: no personal data rides on a job
      enqueue(tx, memoryJob, { orgId, conversationId: randomUUID(), phone: "+15550100" }),
      // @ts-expect-error an org's message needs its org
      enqueue(tx, mailJob, { scope: "org", messageId: randomUUID() }),
    ];
    expect(typeof calls).toBe("function");
    expectTypeOf<JobPayload<typeof memoryJob>>().toEqualTypeOf<{
      orgId: string;
      conversationId: string;
      force?: boolean | undefined;
    }>();
  });

  it("refuses a payload forced past the compiler, before anything is written", async () => {
    const forged = { orgId: a.orgId, conversationId: "not-an-id" } as unknown as JobPayload<
      typeof memoryJob
    >;
    await expect(enqueue({} as Transaction, memoryJob, forged)).rejects.toThrow(/conversationId/);
  });
});

describe("the queues created by the migrate step", () => {
  it("take a changed retry policy from the declaration at the next migrate", async () => {
    await ownerSql()`update pgboss.queue set retry_limit = 0, retry_delay = 1 where name = ${memoryJob.name}`;
    // As the migrate step does it: the owner's pg-boss, without its maintenance loops.
    const owner = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      max: 1,
      supervise: false,
      schedule: false,
    });
    await owner.start();
    try {
      await ensureQueues(owner, { updatePolicies: true });
    } finally {
      await owner.stop({ graceful: false, wait: true });
    }
    const [row] = await ownerSql()<{ retry_limit: number; retry_delay: number }[]>`
      select retry_limit, retry_delay from pgboss.queue where name = ${memoryJob.name}`;
    expect(row).toEqual({
      retry_limit: memoryJob.retry.limit,
      retry_delay: memoryJob.retry.delaySeconds,
    });
  });

  it("are every declared job's, with its retry policy", async () => {
    const rows = await ownerSql()<
      { name: string; retry_limit: number; retry_delay: number; expire_seconds: number }[]
    >`select name, retry_limit, retry_delay, expire_seconds from pgboss.queue`;
    for (const job of ALL_JOBS) {
      expect(rows.find((r) => r.name === job.name)).toMatchObject({
        retry_limit: job.retry.limit,
        retry_delay: job.retry.delaySeconds,
        expire_seconds: job.expireInSeconds,
      });
    }
  });
});

describe("a worker given a malformed stored payload", () => {
  it("fails that job with the reason, and runs the next job", async () => {
    const boss = await getBoss();
    await work(boss, memoryJob);
    // Written as an older or broken sender could have: pg-boss stores any JSON. No retries, so the
    // test sees the final state at once (the queue's policy would retry it, failing the same way).
    const malformed = await boss.send(
      memoryJob.name,
      { orgId: "not-an-id", conversationId: 7 },
      { retryLimit: 0 },
    );
    const next = await boss.send(memoryJob.name, {
      orgId: a.orgId,
      conversationId: randomUUID(),
    });

    const failed = await settled(malformed!);
    expect(failed?.state).toBe("failed");
    expect(failed?.output).toMatchObject({
      name: "MalformedJobPayloadError",
      message: expect.stringMatching(
        // The queue's name is the job's own (its American spelling is kept: a stored name).
        new RegExp(
          `^Malformed payload for ${memoryJob.name}, not run: orgId: [^;]+; conversationId: .+`,
        ),
      ),
    });
    // The next job ran (its conversation does not exist: summarising answers "missing").
    expect(await settled(next!)).toMatchObject({
      state: "completed",
      output: { outcome: "missing" },
    });
  });
});
