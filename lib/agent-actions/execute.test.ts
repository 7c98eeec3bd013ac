import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionExecutions,
  auditLog,
  contacts,
  outboxMessages,
  tasks,
  timelineEvents,
} from "@/db/schema";
import { describeAuditEntry } from "@/components/audit/describe";
import { listActivity } from "@/lib/audit/queries";
import { createContact } from "@/lib/contacts/profile/service";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { work } from "@/lib/jobs/worker";
import { mailJob } from "@/lib/mail/send-job";
import { editVerticalConfig, selectVertical } from "@/lib/verticals/service";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import {
  addMember,
  createOwner,
  uniqueEmail,
  type TestMember,
  type TestOwner,
} from "@/test/factories";
import { header, startTestSmtp } from "@/test/smtp";
import { waitFor } from "@/test/wait";
import { decideApproval } from "./approval";
import { executeAction, type ExecuteRequest } from "./execute";
import { actionCatalog, listJournal, listPendingApprovals } from "./queries";
import { saveActionSettings } from "./service";
import { newWebhookSecret } from "@/lib/standard-webhooks/sign";

// The registry end to end on a real PostgreSQL: each executor, permissions, idempotency, dry-run,
// approvals and the journal. SMTP_URL points at a local SMTP server before anything reads it.
const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
await setupFreshDatabase();
afterAll(async () => {
  await stopBoss();
  await smtp.stop();
});

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let admin: TestMember;
let contactId: string;
let contactEmail: string;

const run = (
  ctx: TenantContext,
  action: string,
  input: unknown,
  extra: Partial<ExecuteRequest> = {},
) => executeAction(ctx, { action, input, dryRun: false, source: "user", ...extra });

const enable = (
  ctx: TenantContext,
  action: "email" | "ticket" | "transfer" | "update_contact" | "webhook_call",
  config: Record<string, string> = {},
  extra: { requireApproval?: boolean; secret?: string } = {},
) =>
  saveActionSettings(ctx, {
    action,
    enabled: true,
    requireApproval: extra.requireApproval ?? action === "webhook_call",
    config,
    secret: extra.secret,
  });

async function counts(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const n = async (
      table: typeof tasks | typeof outboxMessages | typeof timelineEvents | typeof auditLog,
    ) => (await tx.select({ n: count() }).from(table).where(eq(table.orgId, tx.orgId)))[0]!.n;
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
    return {
      tasks: await n(tasks),
      outbox: await n(outboxMessages),
      timeline: await n(timelineEvents),
      audit: await n(auditLog),
      contact: contact && { name: contact.name, tags: contact.tags, updatedAt: contact.updatedAt },
    };
  });
}

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [member, admin] = await Promise.all([addMember(a.ctx, "member"), addMember(a.ctx, "admin")]);
  contactEmail = uniqueEmail("martin");
  ({ id: contactId } = await createContact(a.ctx, {
    name: "Claire Martin",
    phones: ["+33612345678"],
    emails: [contactEmail],
    tags: ["buyer"],
  }));
  await work(await getBoss(), mailJob);
});

describe("the registry", () => {
  it("lists the five actions with JSON Schema inputs and VAPI tools, all off by default", async () => {
    const catalog = await actionCatalog(a.ctx);
    expect(catalog.map((c) => c.name).sort()).toEqual([
      "email",
      "ticket",
      "transfer",
      "update_contact",
      "webhook_call",
    ]);
    expect(catalog.every((c) => !c.enabled)).toBe(true);
    const ticket = catalog.find((c) => c.name === "ticket")!;
    expect(ticket.inputSchema).toMatchObject({
      type: "object",
      required: ["title"],
      properties: { title: { type: "string", maxLength: 200 } },
    });
    expect(ticket.vapiTool).toMatchObject({ type: "function", function: { name: "ticket" } });
    expect(catalog.find((c) => c.name === "transfer")!.vapiTool).toMatchObject({
      type: "transferCall",
    });
    expect(catalog.find((c) => c.name === "webhook_call")!.requireApproval).toBe(true);
  });

  it("refuses, and journals, an action the org has not turned on", async () => {
    const answer = await run(a.ctx, "ticket", { title: "Call back" });
    expect(answer).toMatchObject({
      status: "refused",
      result: "Follow-up task is turned off for this business.",
    });
    expect((await counts(a.ctx)).tasks).toBe(0);
  });

  it("refuses unknown actions and bad input in words", async () => {
    await expectAppError(run(a.ctx, "launch_rocket", {}), "NOT_FOUND");
    await enable(a.ctx, "ticket");
    const error = await expectAppError(run(a.ctx, "ticket", { title: "" }), "VALIDATION");
    expect(error.fieldErrors?.title).toEqual(["The task cannot be empty."]);
  });
});

describe("ticket", () => {
  it("creates a task on the contact's timeline, journaled and audited", async () => {
    await enable(a.ctx, "ticket", { assigneeId: member.userId });
    const answer = await run(a.ctx, "ticket", {
      title: "Call Mrs Martin back about the flat on Rue Neuve",
      dueAt: "2030-06-14T10:00:00+02:00",
      contactId,
    });
    expect(answer.status).toBe("succeeded");
    expect(answer.result).toMatch(
      /^I've passed it to the team: “Call Mrs Martin back about the flat on Rue Neuve”, to be done by /,
    );
    await withTenant(a.ctx, async (tx) => {
      const [task] = await tx.select().from(tasks).where(eq(tasks.executionId, answer.executionId));
      expect(task).toMatchObject({ contactId, assigneeId: member.userId, status: "open" });
      expect(task!.dueAt!.toISOString()).toBe("2030-06-14T08:00:00.000Z");
      const [event] = await tx
        .select()
        .from(timelineEvents)
        .where(eq(timelineEvents.dedupeKey, `action:${answer.executionId}`));
      expect(event).toMatchObject({ contactId, kind: "action.ticket" });
      expect(event!.data).toMatchObject({ label: "Follow-up task", result: answer.result });
      const [audit] = await tx
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.targetId, answer.executionId), eq(auditLog.action, "action.executed")),
        );
      expect(audit).toBeDefined();
    });
    // The activity feed names the contact of the execution, read when shown (the entry holds ids).
    const { rows } = await listActivity(a.ctx, 10);
    const executed = rows.find((r) => r.targetId === answer.executionId)!;
    expect(executed.contact?.id).toBe(contactId);
    expect(describeAuditEntry(executed)).toEqual({
      actor: expect.any(String),
      text: "created a follow-up task",
    });
  });

  it("runs once for 5 concurrent identical calls with one idempotency key, with 5 identical answers", async () => {
    const before = (await counts(a.ctx)).tasks;
    const request = { idempotencyKey: "api:key1:abc-123" };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        run(a.ctx, "ticket", { title: "Send the floor plans", contactId }, request),
      ),
    );
    expect((await counts(a.ctx)).tasks).toBe(before + 1);
    const ids = new Set(answers.map((x) => x.executionId));
    expect(ids.size).toBe(1);
    expect(new Set(answers.map((x) => x.result)).size).toBe(1);
    expect(answers.filter((x) => x.replayed)).toHaveLength(4);
    const error = await expectAppError(
      run(a.ctx, "ticket", { title: "Something else", contactId }, request),
      "CONFLICT",
    );
    expect(error.message).toMatch(/already used for a different request/);
  });

  it("a dry-run renders the task and writes nothing but its journal entry", async () => {
    const before = await counts(a.ctx);
    const answer = await executeAction(a.ctx, {
      action: "ticket",
      input: { title: "Book the valuation visit", contactId },
      dryRun: true,
      source: "user",
    });
    expect(answer).toMatchObject({ dryRun: true, status: "succeeded" });
    expect(answer.effect).toMatchObject({ task: { title: "Book the valuation visit" } });
    expect(await counts(a.ctx)).toEqual(before);
  });

  it("is not for members (no actions.run), nor for another org's contact", async () => {
    await expectAppError(run(member.ctx, "ticket", { title: "x" }), "FORBIDDEN");
    await enable(b.ctx, "ticket");
    const answer = await run(b.ctx, "ticket", { title: "Steal a contact", contactId });
    expect(answer).toMatchObject({ status: "failed", result: "This contact was not found." });
    expect(await counts(b.ctx)).toMatchObject({ tasks: 0, timeline: 0 });
  });
});

describe("every action", () => {
  const valid: Record<string, Record<string, unknown>> = {
    ticket: { title: "Call back" },
    update_contact: { name: "Claire Martin" },
    email: { to: "claire@example.com", subject: "Hello", body: "Hello" },
    webhook_call: { event: "lead.qualified" },
    transfer: {},
  };

  it.each(Object.keys(valid))("%s: a member may not run it", async (name) => {
    await expectAppError(run(member.ctx, name, valid[name]), "FORBIDDEN");
  });

  it.each(["ticket", "update_contact", "email", "webhook_call"])(
    "%s: another org's contact is not found, and nothing is written for it",
    async (name) => {
      const before = await counts(b.ctx);
      const answer = await run(b.ctx, name, { ...valid[name], contactId });
      expect(answer).toMatchObject({ status: "failed", result: "This contact was not found." });
      const after = await counts(b.ctx);
      expect({ ...after, audit: before.audit }).toEqual(before);
    },
  );
});

describe("update_contact", () => {
  it("dry-runs as a diff, then changes the profile through the contacts verbs with their audit", async () => {
    await enable(a.ctx, "update_contact");
    const input = {
      contactId,
      addTags: ["sea-view"],
      leadStatus: "qualified",
      leadFields: { budget: 450000 },
    };
    const before = await counts(a.ctx);
    const dry = await executeAction(a.ctx, {
      action: "update_contact",
      input,
      dryRun: true,
      source: "user",
    });
    expect(dry.effect).toEqual({
      diff: {
        tags: { from: ["buyer"], to: ["buyer", "sea-view"] },
        leadStatus: { from: "new", to: "qualified" },
        leadFields: { from: {}, to: { budget: 450000 } },
      },
    });
    expect(await counts(a.ctx)).toEqual(before);

    const answer = await run(a.ctx, "update_contact", input);
    expect(answer.result).toBe("I've noted that (tags, lead status, qualification answers).");
    await withTenant(a.ctx, async (tx) => {
      const [c] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
      expect(c).toMatchObject({
        tags: ["buyer", "sea-view"],
        leadStatus: "qualified",
        leadFields: { budget: 450000 },
      });
      const [audit] = await tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "contact.updated"), eq(auditLog.targetId, contactId)));
      expect(audit!.metadata).toMatchObject({ fields: ["tags", "leadStatus", "leadFields"] });
      // The execution's own entry names the changed fields (not their values), so the log can
      // say "updated a contact's tags, lead status and qualification answers".
      const [executed] = await tx
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, "action.executed"), eq(auditLog.targetId, answer.executionId)),
        );
      expect(executed!.metadata).toEqual({
        action: "update_contact",
        status: "succeeded",
        source: "user",
        fields: ["tags", "leadStatus", "leadFields"],
      });
    });
  });

  it("needs contacts.write besides actions.run", async () => {
    const limited = {
      ...admin.ctx,
      actor: { ...admin.ctx.actor, permissions: ["actions.run" as const] },
    };
    await expectAppError(
      run(limited as TenantContext, "update_contact", { contactId, name: "X" }),
      "FORBIDDEN",
    );
  });
});

describe("email", () => {
  it("sends through the one mailer to the contact's address, and masks it in the journal", async () => {
    await enable(a.ctx, "email", { signature: "Seaside Realty, 12 Quai des Pêcheurs" });
    const answer = await run(a.ctx, "email", {
      subject: "The flat on Rue Neuve",
      body: "As promised, the viewing is on Saturday at 11.",
      contactId,
    });
    expect(answer.status).toBe("queued");
    expect(answer.result).toMatch(/^The email “The flat on Rue Neuve” is on its way to .•••@/);
    const mail = await waitFor(
      async () => smtp.received.find((m) => m.to.includes(contactEmail)),
      Boolean,
      { timeout: 20_000 },
    );
    expect(header(mail!.raw, "Subject")).toBe("The flat on Rue Neuve");
    expect(mail!.raw).toContain("As promised, the viewing is on Saturday at 11.");
    expect(mail!.raw).toContain("Seaside Realty");
    const { rows } = await listJournal(a.ctx, { action: "email", mode: "all" });
    expect(JSON.stringify(rows[0])).not.toContain(contactEmail);
    expect(JSON.stringify(rows[0])).not.toContain("viewing is on Saturday");
  });

  it("refuses a header smuggled into the subject or the address", async () => {
    const before = (await counts(a.ctx)).outbox;
    await expectAppError(
      run(a.ctx, "email", { to: contactEmail, subject: "Hi\r\nBcc: evil@example.com", body: "x" }),
      "VALIDATION",
    );
    await expectAppError(
      run(a.ctx, "email", {
        to: `${contactEmail}\r\nBcc: evil@example.com`,
        subject: "Hi",
        body: "x",
      }),
      "VALIDATION",
    );
    await expectAppError(
      run(a.ctx, "email", { to: `Eve <evil@example.com>`, subject: "Hi", body: "x" }),
      "VALIDATION",
    );
    expect((await counts(a.ctx)).outbox).toBe(before);
  });
});

describe("transfer", () => {
  it("says in words when no number is set, and gives the number when one is", async () => {
    const org = await createOwner();
    await enable(org.ctx, "transfer");
    const none = await run(org.ctx, "transfer", {});
    expect(none).toMatchObject({ status: "failed" });
    expect(none.result).toMatch(/^Transfers to a person are not set up/);
    await enable(org.ctx, "transfer", {
      number: "+33140000000",
      message: "Putting you through to Julia.",
    });
    const ok = await run(org.ctx, "transfer", { reason: "wants to negotiate" });
    expect(ok).toMatchObject({
      status: "succeeded",
      result: "Putting you through to Julia.",
      destination: { type: "number", number: "+33140000000" },
    });
  });

  it("refuses outside the opening hours of the org's configuration, saying them", async () => {
    const org = await createOwner();
    await selectVertical(org.ctx, { slug: "real-estate" });
    const closed = Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, []]),
    );
    await editVerticalConfig(org.ctx, { hours: closed }, { action: "test", sections: ["hours"] });
    await enable(org.ctx, "transfer", { number: "+33140000000" });
    const answer = await run(org.ctx, "transfer", {});
    expect(answer.status).toBe("failed");
    expect(answer.result).toMatch(
      /^The team is not available right now \(opening hours: Mon–Sun closed\)/,
    );
  });
});

describe("approvals", () => {
  it("files a needs-approval action as pending; a member cannot decide, another org cannot see it", async () => {
    await enable(
      a.ctx,
      "webhook_call",
      { url: "https://crm.example.com/hooks" },
      { secret: newWebhookSecret() },
    );
    const before = await counts(a.ctx);
    const answer = await run(a.ctx, "webhook_call", {
      event: "viewing.requested",
      data: { ref: "RN-12" },
      contactId,
    });
    expect(answer).toMatchObject({
      status: "pending_approval",
      result: "I've passed this on: someone from the team must approve it first.",
    });
    expect((await counts(a.ctx)).tasks).toBe(before.tasks);
    expect((await listPendingApprovals(a.ctx)).map((p) => p.id)).toContain(answer.executionId);
    await expectAppError(decideApproval(member.ctx, answer.executionId, "accept"), "FORBIDDEN");
    await expectAppError(decideApproval(b.ctx, answer.executionId, "accept"), "NOT_FOUND");
    expect(await listPendingApprovals(b.ctx)).toEqual([]);

    const declined = await decideApproval(admin.ctx, answer.executionId, "decline");
    expect(declined.status).toBe("declined");
    await expectAppError(decideApproval(admin.ctx, answer.executionId, "accept"), "CONFLICT");
  });

  it("runs an accepted request then (the webhook is queued with its job)", async () => {
    const answer = await run(a.ctx, "webhook_call", {
      event: "viewing.requested",
      data: { ref: "RN-13" },
    });
    const accepted = await decideApproval(admin.ctx, answer.executionId, "accept");
    expect(accepted).toMatchObject({
      status: "queued",
      result: "The request to the business's system is on its way.",
    });
    const jobs = await ownerSql()<{ n: number }[]>`
      select count(*)::int as n from pgboss.job where name = 'actions.webhook_call' and data->>'executionId' = ${answer.executionId}`;
    expect(jobs[0]!.n).toBe(1);
    const [row] = await withTenant(a.ctx, (tx) =>
      tx.select().from(actionExecutions).where(eq(actionExecutions.id, answer.executionId)),
    );
    expect(row).toMatchObject({ decidedBy: admin.userId, status: "queued" });
    expect(row!.pendingInput).toMatchObject({ event: "viewing.requested" });
  });
});

describe("settings", () => {
  it("are for admins, and refuse a bad secret or a stranger as assignee", async () => {
    await expectAppError(enable(member.ctx, "ticket"), "FORBIDDEN");
    await expectAppError(enable(a.ctx, "webhook_call", {}, { secret: "hunter2" }), "VALIDATION");
    await expectAppError(enable(a.ctx, "ticket", { assigneeId: b.userId }), "VALIDATION");
    await expectAppError(enable(a.ctx, "transfer", { number: "0612" }), "VALIDATION");
  });

  it("keep each org's journal to itself", async () => {
    // B only ever tried A's contact: its journal holds those failures and nothing of A's.
    const { rows } = await listJournal(b.ctx, { mode: "all" });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.result === "This contact was not found.")).toBe(true);
  });
});
