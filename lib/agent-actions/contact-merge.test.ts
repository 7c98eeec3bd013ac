import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { actionExecutions, tasks, timelineEvents } from "@/db/schema";
import { mergeContacts } from "@/lib/contacts/merge/service";
import { undoMerge } from "@/lib/contacts/merge/undo";
import { createContact } from "@/lib/contacts/profile/service";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { executeAction } from "./execute";
import { listTasks } from "./task-queries";
import { saveActionSettings } from "./service";

// A contact's tasks and action journal entries follow it through a merge, and go back on undo —
// only those the merge moved.
await setupFreshDatabase();

let a: TestOwner;
let phone = 200000;
const nextPhone = () => `+33612${String(phone++)}`;

beforeAll(async () => {
  a = await createOwner();
  await saveActionSettings(a.ctx, {
    action: "ticket",
    enabled: true,
    requireApproval: false,
    config: {},
  });
});

const ticket = (ctx: TenantContext, contactId: string, title: string) =>
  executeAction(ctx, {
    action: "ticket",
    input: { title, contactId },
    dryRun: false,
    source: "user",
  });

/** Where each of these rows is now: contact id by task title and by execution id. */
async function whereAre(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => ({
    tasks: Object.fromEntries(
      (await tx.select({ title: tasks.title, contactId: tasks.contactId }).from(tasks)).map((r) => [
        r.title,
        r.contactId,
      ]),
    ),
    executions: Object.fromEntries(
      (
        await tx
          .select({ id: actionExecutions.id, contactId: actionExecutions.contactId })
          .from(actionExecutions)
      ).map((r) => [r.id, r.contactId]),
    ),
    timeline: Object.fromEntries(
      (
        await tx
          .select({ key: timelineEvents.dedupeKey, contactId: timelineEvents.contactId })
          .from(timelineEvents)
          .where(eq(timelineEvents.kind, "action.ticket"))
      ).map((r) => [r.key, r.contactId]),
    ),
  }));
}

describe("merging contacts that have tasks and journal entries", () => {
  it("moves them to the survivor, and undo moves back only what the merge moved", async () => {
    const survivor = await createContact(a.ctx, { name: "Survivor", phones: [nextPhone()] });
    const merged = await createContact(a.ctx, { name: "Merged", phones: [nextPhone()] });
    const own = await ticket(a.ctx, survivor.id, "Survivor's own task");
    const moved = await ticket(a.ctx, merged.id, "Task of the merged contact");

    const { mergeId } = await mergeContacts(a.ctx, {
      survivorId: survivor.id,
      mergedId: merged.id,
    });
    const after = await whereAre(a.ctx);
    expect(after.tasks).toEqual({
      "Survivor's own task": survivor.id,
      "Task of the merged contact": survivor.id,
    });
    expect(after.executions).toEqual({
      [own.executionId]: survivor.id,
      [moved.executionId]: survivor.id,
    });
    expect(after.timeline[`action:${moved.executionId}`]).toBe(survivor.id);
    // The tasks list shows the survivor for both (a link to the merged one would lead nowhere).
    const { rows } = await listTasks(a.ctx, {
      status: "open",
      assignee: "anyone",
      due: "any",
      contact: survivor.id,
    });
    expect(rows.map((r) => r.title).sort()).toEqual([
      "Survivor's own task",
      "Task of the merged contact",
    ]);

    // A task made for the survivor after the merge stays with it on undo.
    const later = await ticket(a.ctx, survivor.id, "Made after the merge");
    await undoMerge(a.ctx, mergeId);
    const undone = await whereAre(a.ctx);
    expect(undone.tasks).toEqual({
      "Survivor's own task": survivor.id,
      "Task of the merged contact": merged.id,
      "Made after the merge": survivor.id,
    });
    expect(undone.executions).toEqual({
      [own.executionId]: survivor.id,
      [moved.executionId]: merged.id,
      [later.executionId]: survivor.id,
    });
    expect(undone.timeline[`action:${moved.executionId}`]).toBe(merged.id);
  });
});
