import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { actionExecutions, tasks } from "@/db/schema";
import type { TenantTx } from "@/lib/db/scopes";

// What the actions module keeps about a contact — its tasks and its journal entries — follows the
// contact through a merge (lib/contacts/merge), and goes back when the merge is undone. The
// timeline entries of actions are timeline events: the merge moves those itself.

export type MovedActionRecords = { tasks: string[]; actionExecutions: string[] };

/** Moves the tasks and journal entries of `fromId` to `toId`; with `only`, just those ids. */
export async function moveActionRecords(
  tx: TenantTx,
  fromId: string,
  toId: string,
  only?: MovedActionRecords,
): Promise<MovedActionRecords> {
  const taskIds = only?.tasks ?? null;
  const executionIds = only?.actionExecutions ?? null;
  const [movedTasks, movedExecutions] = await Promise.all([
    taskIds?.length === 0
      ? []
      : tx
          .update(tasks)
          .set({ contactId: toId })
          .where(
            and(
              eq(tasks.orgId, tx.orgId),
              eq(tasks.contactId, fromId),
              taskIds ? inArray(tasks.id, taskIds) : undefined,
            ),
          )
          .returning({ id: tasks.id }),
    executionIds?.length === 0
      ? []
      : tx
          .update(actionExecutions)
          .set({ contactId: toId })
          .where(
            and(
              eq(actionExecutions.orgId, tx.orgId),
              eq(actionExecutions.contactId, fromId),
              executionIds ? inArray(actionExecutions.id, executionIds) : undefined,
            ),
          )
          .returning({ id: actionExecutions.id }),
  ]);
  return {
    tasks: movedTasks.map((r) => r.id),
    actionExecutions: movedExecutions.map((r) => r.id),
  };
}
