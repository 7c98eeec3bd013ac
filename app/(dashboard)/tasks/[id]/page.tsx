import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { TaskForm } from "@/components/agent-actions/task-form";
import { Card, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { orgTimezone } from "@/lib/agent-actions/queries";
import { getTaskForEdit, listAssignees } from "@/lib/agent-actions/task-queries";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";

export const metadata: Metadata = { title: "Task" };

export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.actions.key);
  if (!hasPermission(ctx, "tasks.write")) {
    return <NotAllowed title="Task" reason="Your role cannot change tasks" />;
  }
  const id = z.uuid().safeParse((await params).id).data;
  if (!id) notFound();
  const [task, teammates, timezone] = await Promise.all([
    getTaskForEdit(ctx, id),
    listAssignees(ctx),
    orgTimezone(ctx),
  ]);
  if (!task) notFound();
  const contact = task.contactId
    ? { id: task.contactId, name: task.contactName || "Unnamed contact" }
    : null;
  return (
    <>
      <TextLink href="/tasks" className="mb-3 inline-block text-sm">
        ← Tasks
      </TextLink>
      <PageHeader
        title="Task"
        description="Change what needs doing, when, by whom, or mark it done."
      />
      <Card className="p-5">
        <TaskForm
          task={task}
          contact={contact}
          teammates={teammates}
          timezone={timezone}
          back="tasks"
        />
      </Card>
    </>
  );
}
