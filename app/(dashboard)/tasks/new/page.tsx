import type { Metadata } from "next";
import { TaskForm } from "@/components/agent-actions/task-form";
import { Card, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { orgTimezone } from "@/lib/agent-actions/queries";
import { contactLabel, listAssignees } from "@/lib/agent-actions/task-queries";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { z } from "zod";

export const metadata: Metadata = { title: "New task" };

export default async function NewTaskPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.actions.key);
  if (!hasPermission(ctx, "tasks.write")) {
    return <NotAllowed title="New task" reason="Your role cannot add tasks" />;
  }
  // Opened from a contact's page: the task is about that contact, and saving goes back there.
  const contactId = z.uuid().safeParse((await searchParams).contact).data;
  const [teammates, timezone, name] = await Promise.all([
    listAssignees(ctx),
    orgTimezone(ctx),
    contactId ? contactLabel(ctx, contactId) : null,
  ]);
  const contact = contactId && name ? { id: contactId, name } : null;
  return (
    <>
      <TextLink
        href={contact ? `/contacts/${contact.id}` : "/tasks"}
        className="mb-3 inline-block text-sm"
      >
        ← {contact ? contact.name : "Tasks"}
      </TextLink>
      <PageHeader title="New task" description="A follow-up for the team." />
      <Card className="p-5">
        <TaskForm
          task={null}
          contact={contact}
          teammates={teammates}
          timezone={timezone}
          back={contact ? "contact" : "tasks"}
        />
      </Card>
    </>
  );
}
