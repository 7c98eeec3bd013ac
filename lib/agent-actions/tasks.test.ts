import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, tasks, timelineEvents } from "@/db/schema";
import { createContact } from "@/lib/contacts/profile/service";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { ValidationError } from "@/lib/errors";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { executeAction } from "./execute";
import { listJournal } from "./queries";
import { saveActionSettings, createTask, updateTask } from "./service";
import { getTaskForEdit, listTasks } from "./task-queries";

// Tasks written by people (the task form) and the filters of Tasks and of the journal.
await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let contactId: string;
let otherContactId: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
  // Due dates are typed in the org's time zone.
  await ownerSql()`update orgs set timezone = 'Europe/Paris' where id = ${a.orgId}`;
  contactId = (await createContact(a.ctx, { name: "Jo Martin", phones: ["+33612300001"] })).id;
  otherContactId = (await createContact(a.ctx, { name: "Ana Lopez", phones: ["+33612300002"] })).id;
});

const taskCount = async (ctx: TenantContext) =>
  (
    await withTenant(ctx, (tx) =>
      tx.select({ n: count() }).from(tasks).where(eq(tasks.orgId, tx.orgId)),
    )
  )[0]!.n;

const all = { status: "all", assignee: "anyone", due: "any" } as const;

describe("the task form", () => {
  it("creates a task with its due date in the org's time zone, then edits it", async () => {
    const { id } = await createTask(member.ctx, {
      title: "Send the lease",
      details: "Both pages, signed.",
      dueLocal: "2026-05-01T10:00",
      assigneeId: a.userId,
      contactId,
    });
    const [row] = await withTenant(a.ctx, (tx) => tx.select().from(tasks).where(eq(tasks.id, id)));
    const [onTimeline] = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(timelineEvents)
        .where(eq(timelineEvents.dedupeKey, `task:${id}`)),
    );
    expect(onTimeline).toMatchObject({
      contactId,
      kind: "task.created",
      data: { taskId: id, result: "Send the lease" },
    });
    // 10:00 in Paris in May is 08:00 UTC.
    expect(row!.dueAt?.toISOString()).toBe("2026-05-01T08:00:00.000Z");
    expect(await getTaskForEdit(a.ctx, id)).toMatchObject({
      title: "Send the lease",
      details: "Both pages, signed.",
      dueLocal: "2026-05-01T10:00",
      assigneeId: a.userId,
      contactId,
      contactName: "Jo Martin",
      status: "open",
    });

    await updateTask(a.ctx, id, {
      title: "Send the signed lease",
      details: "",
      dueLocal: "",
      assigneeId: member.userId,
      status: "done",
      contactId,
    });
    const [edited] = await withTenant(a.ctx, (tx) =>
      tx.select().from(tasks).where(eq(tasks.id, id)),
    );
    expect(edited).toMatchObject({
      title: "Send the signed lease",
      details: null,
      dueAt: null,
      assigneeId: member.userId,
      status: "done",
      completedBy: a.userId,
    });
    expect(edited!.completedAt).not.toBeNull();
    const audit = await withTenant(a.ctx, (tx) =>
      tx.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id)),
    );
    expect(audit.map((r) => r.action).sort()).toEqual(["task.created", "task.updated"]);
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = await taskCount(a.ctx);
    const error = await expectAppError(
      createTask(a.ctx, { title: " ", dueLocal: "tomorrow", assigneeId: "x" }),
      "VALIDATION",
    );
    expect(Object.keys((error as ValidationError).fieldErrors ?? {}).sort()).toEqual([
      "assigneeId",
      "dueLocal",
      "title",
    ]);
    expect(await taskCount(a.ctx)).toBe(before);
  });

  it("refuses another org's teammate or contact, and cannot reach another org's task", async () => {
    const bContact = (await createContact(b.ctx, { name: "B's", phones: ["+33612300003"] })).id;
    const before = await taskCount(a.ctx);
    const wrongAssignee = await expectAppError(
      createTask(a.ctx, { title: "Call", assigneeId: b.userId }),
      "VALIDATION",
    );
    expect((wrongAssignee as ValidationError).fieldErrors).toHaveProperty("assigneeId");
    const wrongContact = await expectAppError(
      createTask(a.ctx, { title: "Call", contactId: bContact }),
      "VALIDATION",
    );
    expect((wrongContact as ValidationError).fieldErrors).toHaveProperty("contactId");
    expect(await taskCount(a.ctx)).toBe(before);

    const { id } = await createTask(a.ctx, { title: "A's own task" });
    await expectAppError(updateTask(b.ctx, id, { title: "Taken over" }), "NOT_FOUND");
    expect(await getTaskForEdit(b.ctx, id)).toBeNull();
    expect((await getTaskForEdit(a.ctx, id))?.title).toBe("A's own task");
  });
});

describe("the Tasks list's filters", () => {
  it("filters by teammate and by contact", async () => {
    await createTask(a.ctx, { title: "For the member", assigneeId: member.userId });
    await createTask(a.ctx, { title: "About Ana", contactId: otherContactId });
    const forMember = await listTasks(a.ctx, { ...all, assignee: member.userId });
    expect(forMember.rows.map((r) => r.title)).toContain("For the member");
    expect(forMember.rows.every((r) => r.assigneeId === member.userId)).toBe(true);
    const aboutAna = await listTasks(a.ctx, { ...all, contact: otherContactId });
    expect(aboutAna.rows.map((r) => r.title)).toEqual(["About Ana"]);
    // Another org asking for this contact's tasks sees none.
    expect((await listTasks(b.ctx, { ...all, contact: otherContactId })).rows).toEqual([]);
  });
});

describe("the journal's filters", () => {
  it("filters by contact and by days in the org's time zone, and pages", async () => {
    await saveActionSettings(a.ctx, {
      action: "ticket",
      enabled: true,
      requireApproval: false,
      config: {},
    });
    const run = (title: string, contact: string) =>
      executeAction(a.ctx, {
        action: "ticket",
        input: { title, contactId: contact },
        dryRun: false,
        source: "user",
      });
    const jo = await run("About Jo", contactId);
    const ana = await run("About Ana", otherContactId);
    // Ana's entry happened on 2026-03-10 at 23:30 in Paris (22:30 UTC); Jo's on the 11th, 00:30.
    await ownerSql()`update action_executions set created_at = '2026-03-10T22:30:00Z' where id = ${ana.executionId}`;
    await ownerSql()`update action_executions set created_at = '2026-03-10T23:30:00Z' where id = ${jo.executionId}`;
    const journal = (filters: Partial<Parameters<typeof listJournal>[1]>) =>
      listJournal(a.ctx, { mode: "all", ...filters }).then((r) => r.rows.map((row) => row.id));

    expect(await journal({ contact: contactId })).toEqual([jo.executionId]);
    expect(await journal({ from: "2026-03-10", to: "2026-03-10" })).toEqual([ana.executionId]);
    expect(await journal({ from: "2026-03-11", to: "2026-03-11" })).toEqual([jo.executionId]);
    expect(await journal({ from: "2026-03-10", to: "2026-03-11" })).toEqual([
      jo.executionId,
      ana.executionId,
    ]);
    expect(await journal({ from: "2026-03-12" })).not.toContain(jo.executionId);
    expect((await listJournal(a.ctx, { mode: "all", contact: contactId })).rows[0]).toMatchObject({
      contactName: "Jo Martin",
    });
    // Another org's journal has nothing for this contact.
    expect((await listJournal(b.ctx, { mode: "all", contact: contactId })).rows).toEqual([]);

    // Paging: 30 entries on one day come back as 25, then 5, none twice.
    const many = await Promise.all(
      Array.from({ length: 30 }, (_, i) => run(`Batch ${i}`, otherContactId)),
    );
    const ids = many.map((m) => m.executionId);
    await ownerSql()`update action_executions set created_at = '2026-04-02T12:00:00Z' where id = any(${ids})`;
    const first = await listJournal(a.ctx, { mode: "all", from: "2026-04-02", to: "2026-04-02" });
    expect(first.rows).toHaveLength(25);
    const second = await listJournal(a.ctx, {
      mode: "all",
      from: "2026-04-02",
      to: "2026-04-02",
      cursor: first.nextCursor!,
    });
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id))).toEqual(new Set(ids));
  });
});
