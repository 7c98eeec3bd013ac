import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, outboxMessages } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { QUEUES } from "@/lib/jobs/queues";
import { createInvitation } from "@/lib/tenancy/invitations";
import { inviteSchema } from "@/lib/tenancy/schemas";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, uniqueEmail, type TestOwner } from "@/test/factories";
import { listOutbox, readOutboxMessage } from "./queries";
import { resendOutboxMessage } from "./resend";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
});

async function invite(owner: TestOwner, email = uniqueEmail("invitee")) {
  const { link } = await createInvitation(owner.ctx, inviteSchema.parse({ email, role: "member" }));
  const { rows } = await listOutbox(owner.ctx);
  const row = rows.find((r) => r.toAddress === email)!;
  return { link, email, messageId: row.id };
}

async function setStatus(orgId: string, messageId: string, status: "no_smtp" | "sent" | "failed") {
  await withSystem("test: set a message's status", (tx) =>
    tx
      .update(outboxMessages)
      .set({ status })
      .where(and(eq(outboxMessages.orgId, orgId), eq(outboxMessages.id, messageId))),
  );
}

describe("the outbox page's reads", () => {
  it("lists the org's own mail, newest first, in pages, with the org's time zone", async () => {
    const first = await invite(a);
    const second = await invite(a);
    await invite(b);
    const { rows, timezone } = await listOutbox(a.ctx);
    expect(timezone).toBe("UTC");
    expect(rows.map((r) => r.id).slice(0, 2)).toEqual([second.messageId, first.messageId]);
    expect(rows.every((r) => r.subject.includes(a.ctx.org.name))).toBe(true);

    const page1 = await listOutbox(a.ctx, { limit: 1 });
    expect(page1.rows).toHaveLength(1);
    const page2 = await listOutbox(a.ctx, { limit: 1, cursor: page1.nextCursor });
    expect(page2.rows[0]!.id).not.toBe(page1.rows[0]!.id);
  });

  it("reads one body with its one-time link hidden, and records the read without personal data", async () => {
    const { link, messageId, email } = await invite(a);
    const message = await readOutboxMessage(a.ctx, messageId);
    const token = link.split("/").at(-1)!;
    expect(message.body).not.toContain(token);
    expect(message.body).toContain("one-time link hidden");
    const [entry] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, a.orgId), eq(auditLog.targetId, messageId))),
    );
    expect(entry).toMatchObject({ action: "outbox.message_viewed", actorId: a.userId });
    expect(JSON.stringify(entry!.metadata)).not.toContain(email);
  });

  it("another org's message is not found; a member may not read the outbox", async () => {
    const { messageId } = await invite(b);
    await expectAppError(readOutboxMessage(a.ctx, messageId), "NOT_FOUND");
    const member = await addMember(a.ctx, "member");
    await expectAppError(listOutbox(member.ctx), "FORBIDDEN");
    await expectAppError(readOutboxMessage(member.ctx, messageId), "FORBIDDEN");
  });
});

describe("send again", () => {
  it("puts a held (no SMTP) message back in the queue with a new job, audited", async () => {
    const { messageId } = await invite(a);
    await setStatus(a.orgId, messageId, "no_smtp");
    await resendOutboxMessage(a.ctx, messageId);
    const { rows } = await listOutbox(a.ctx);
    expect(rows.find((r) => r.id === messageId)?.status).toBe("queued");
    const jobs = await ownerSql()`
      select id from pgboss.job where name = ${QUEUES.mail.name} and data->>'messageId' = ${messageId}`;
    expect(jobs).toHaveLength(2);
  });

  it("refuses a sent message (CONFLICT), another org's (NOT_FOUND) and a member (FORBIDDEN)", async () => {
    const { messageId } = await invite(a);
    await setStatus(a.orgId, messageId, "sent");
    await expectAppError(resendOutboxMessage(a.ctx, messageId), "CONFLICT");
    await setStatus(a.orgId, messageId, "failed");
    await expectAppError(resendOutboxMessage(b.ctx, messageId), "NOT_FOUND");
    const member = await addMember(a.ctx, "member");
    await expectAppError(resendOutboxMessage(member.ctx, messageId), "FORBIDDEN");
  });
});
