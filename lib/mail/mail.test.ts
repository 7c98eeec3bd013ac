import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountMessages, outboxMessages } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, uniqueEmail, type TestOwner } from "@/test/factories";
import { header, startTestSmtp } from "@/test/smtp";
import { waitFor } from "@/test/wait";
import { deliverMail, MailDeliveryError } from "./deliver";
import { work } from "@/lib/jobs/worker";
import { mailJob as sendJob } from "./send-job";
import { InvalidMailError, oneLine } from "./message";
import { queueAccountMail, queueOrgMail } from "./outbox";

// The mailer end to end: outbox row + pg-boss job → the real worker → a real SMTP server on a
// loopback port. SMTP_URL points at it before anything reads the environment.
const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
process.env.MAIL_FROM = "Luneo Test <no-reply@luneo.test>";
await setupFreshDatabase();
afterAll(async () => {
  await stopBoss();
  await smtp.stop();
});

let a: TestOwner;

beforeAll(async () => {
  a = await createOwner();
  await work(await getBoss(), sendJob);
});

// Sending goes through SMTP and pg-boss's polling: allow a little more than the default.
const SLOW = { timeout: 20_000 };

async function outboxRow(messageId: string) {
  const [row] = await withTenant(a.ctx, (tx) =>
    tx
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.orgId, a.orgId), eq(outboxMessages.id, messageId))),
  );
  return row;
}

async function mailJob(messageId: string) {
  const [job] = await ownerSql()<{ id: string; state: string; retry_count: number }[]>`
    select id, state, retry_count from pgboss.job
     where name = ${QUEUES.mail.name} and data->>'messageId' = ${messageId}`;
  return job;
}

async function queue(to: string, subject = "Hello from Luneo") {
  return withTenant(a.ctx, (tx) =>
    queueOrgMail(tx, a.ctx, { kind: "invitation", to, subject, body: "Line one\nLine two" }),
  );
}

describe("the mailer", () => {
  it("sends a queued message through SMTP with the right headers, and marks it sent", async () => {
    const to = uniqueEmail("to");
    const { messageId } = await queue(to, "Your invitation to Café Déjà Vu");
    expect((await outboxRow(messageId))?.status).toBe("queued");

    const row = await waitFor(
      () => outboxRow(messageId),
      (r) => r?.status === "sent",
      SLOW,
    );
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row?.sentAt).toBeInstanceOf(Date);

    const mail = smtp.received.find((m) => m.to.includes(to));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe("no-reply@luneo.test");
    expect(header(mail!.raw, "To")).toBe(to);
    expect(header(mail!.raw, "From")).toBe("Luneo Test <no-reply@luneo.test>");
    expect(header(mail!.raw, "Message-ID")).toBe(`<${messageId}@luneo.mail>`);
    expect(header(mail!.raw, "Auto-Submitted")).toBe("auto-generated");
    // Non-ASCII subjects are MIME-encoded, and decode back to what was queued.
    const subject = header(mail!.raw, "Subject")!;
    expect(subject).toMatch(/^=\?UTF-8\?/i);
    expect(mail!.raw).toContain("Line one");
  });

  it("sends account mail (no org) the same way", async () => {
    const to = uniqueEmail("account");
    const { messageId } = await withSystem("test: queue account mail", (tx) =>
      queueAccountMail(tx, a.userId, {
        kind: "password_reset",
        to,
        subject: "Reset your password",
        body: "A link",
      }),
    );
    const row = await waitFor(
      async () =>
        (
          await withSystem("test", (tx) =>
            tx.select().from(accountMessages).where(eq(accountMessages.id, messageId)),
          )
        )[0],
      (r) => r?.status === "sent",
      SLOW,
    );
    expect(row?.status).toBe("sent");
    expect(smtp.received.some((m) => m.to.includes(to))).toBe(true);
  });

  it("keeps a message when the SMTP server is down, retries it, and sends it once it is back", async () => {
    await smtp.stop();
    const to = uniqueEmail("down");
    try {
      const { messageId } = await queue(to);
      const failed = await waitFor(
        () => outboxRow(messageId),
        (r) => (r?.attempts ?? 0) >= 1,
        SLOW,
      );
      expect(failed).toMatchObject({
        status: "queued",
        attempts: 1,
        lastError: expect.stringContaining("ECONNREFUSED"),
      });
      const job = await waitFor(
        () => mailJob(messageId),
        (j) => j?.state === "retry",
        SLOW,
      );
      expect(job?.state).toBe("retry");
      expect(smtp.received.some((m) => m.to.includes(to))).toBe(false);

      await smtp.start();
      // The queue backs off 30 s before the first retry; bring it forward rather than wait.
      await ownerSql()`update pgboss.job set start_after = now() where id = ${job!.id}`;
      const sent = await waitFor(
        () => outboxRow(messageId),
        (r) => r?.status === "sent",
        SLOW,
      );
      expect(sent).toMatchObject({ status: "sent", attempts: 2, lastError: null });
      expect(smtp.received.filter((m) => m.to.includes(to))).toHaveLength(1);
    } finally {
      await smtp.start().catch(() => {}); // already listening when the test passed
    }
  });

  it("marks the message failed after its last attempt, and keeps it", async () => {
    const { messageId } = await withTenant(a.ctx, (tx) =>
      queueOrgMail(tx, a.ctx, {
        kind: "invitation",
        to: uniqueEmail("last"),
        subject: "S",
        body: "B",
      }),
    );
    // Straight to the delivery step (the worker may also pick the job up: the row lock makes
    // them take turns, and a sent row is never sent again).
    const closedPort = "smtp://127.0.0.1:1";
    const job = { scope: "org" as const, orgId: a.orgId, messageId };
    const outcome = await deliverMail(job, { smtpUrl: closedPort, finalAttempt: true }).catch(
      (error: unknown) => error,
    );
    const row = await outboxRow(messageId);
    if (outcome instanceof MailDeliveryError) {
      expect(row).toMatchObject({
        status: "failed",
        lastError: expect.stringContaining("ECONNREFUSED"),
      });
    } else {
      // The worker was first and sent it: then the final attempt had nothing to do.
      expect(outcome).toBe("already_sent");
    }
  });

  it("without SMTP_URL, marks the message 'no_smtp' and keeps it in the outbox", async () => {
    const { messageId } = await withSystem("test", (tx) =>
      queueAccountMail(tx, null, {
        kind: "email_verification",
        to: uniqueEmail(),
        subject: "S",
        body: "B",
      }),
    );
    const job = { scope: "account" as const, messageId };
    // Runs before the worker can (or after it sent it: then the outcome says so).
    const outcome = await deliverMail(job, { smtpUrl: undefined, finalAttempt: false });
    const [row] = await withSystem("test", (tx) =>
      tx.select().from(accountMessages).where(eq(accountMessages.id, messageId)),
    );
    if (outcome === "no_smtp") expect(row).toMatchObject({ status: "no_smtp", attempts: 0 });
    else expect(outcome).toBe("already_sent");
  });
});

describe("header injection", () => {
  it.each([
    ["a CR/LF in the subject", { to: "ok@example.com", subject: "Hi\r\nBcc: eve@evil.test" }],
    ["a LF in the subject", { to: "ok@example.com", subject: "Hi\nBcc: eve@evil.test" }],
    ["a CR/LF in the address", { to: "ok@example.com\r\nBcc: eve@evil.test", subject: "Hi" }],
    ["a display name", { to: "Eve <eve@evil.test>", subject: "Hi" }],
    ["two addresses", { to: "ok@example.com,eve@evil.test", subject: "Hi" }],
  ])("refuses %s, writing nothing", async (_label, { to, subject }) => {
    const count = async () =>
      (await withTenant(a.ctx, (tx) => tx.select().from(outboxMessages))).length;
    const before = await count();
    const error = await withTenant(a.ctx, (tx) =>
      queueOrgMail(tx, a.ctx, { kind: "invitation", to, subject, body: "B" }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidMailError);
    // The error names the field, never the value.
    expect((error as Error).message).not.toContain("evil");
    expect(await count()).toBe(before);
  });

  it("oneLine() flattens text that goes into a subject", () => {
    expect(oneLine("Acme\r\nBcc: eve@evil.test")).toBe("Acme Bcc: eve@evil.test");
    expect(oneLine("x".repeat(100), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
