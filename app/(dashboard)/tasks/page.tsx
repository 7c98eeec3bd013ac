import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { TaskStatusButton } from "@/components/agent-actions/task-status-button";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { contactLabel, listAssignees, listTasks } from "@/lib/agent-actions/task-queries";
import { taskFiltersSchema } from "@/lib/agent-actions/schemas";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";

export const metadata: Metadata = { title: "Tasks" };

const select =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs";

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.actions.key);
  if (!hasPermission(ctx, "tasks.read")) {
    return <NotAllowed title="Tasks" reason="Your role cannot see the team's tasks" />;
  }
  const filters = taskFiltersSchema.parse(await searchParams);
  const [{ rows, timezone }, teammates, contactName] = await Promise.all([
    listTasks(ctx, filters),
    listAssignees(ctx),
    filters.contact ? contactLabel(ctx, filters.contact) : null,
  ]);
  const canWrite = hasPermission(ctx, "tasks.write");
  const now = new Date();
  const withoutContact = new URLSearchParams({
    status: filters.status,
    assignee: filters.assignee,
    due: filters.due,
  }).toString();
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <PageHeader
          title="Tasks"
          description="Follow-ups for the team: what callers asked for that the agent could not do on the spot, and what you add yourselves."
        />
        {canWrite ? (
          <Link
            href={filters.contact ? `/tasks/new?contact=${filters.contact}` : "/tasks/new"}
            className={buttonClasses("primary", "mb-4 shrink-0 sm:mb-0")}
          >
            New task
          </Link>
        ) : null}
      </div>
      {/* A plain GET form: every filter is in the address, so a filtered list can be shared. */}
      <form
        method="get"
        className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4"
        aria-label="Filter tasks"
      >
        {filters.contact ? <input type="hidden" name="contact" value={filters.contact} /> : null}
        <label className="text-sm text-zinc-700">
          Status
          <select name="status" defaultValue={filters.status} className={select}>
            <option value="open">Open</option>
            <option value="done">Done</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="text-sm text-zinc-700">
          Assigned to
          <select name="assignee" defaultValue={filters.assignee} className={select}>
            <option value="anyone">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Nobody yet</option>
            {teammates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name || t.email}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-zinc-700">
          Due
          <select name="due" defaultValue={filters.due} className={select}>
            <option value="any">Any date</option>
            <option value="overdue">Overdue</option>
            <option value="today">Today</option>
            <option value="week">Next 7 days</option>
          </select>
        </label>
        <div className="flex items-end">
          <button type="submit" className={buttonClasses("secondary", "w-full")}>
            Filter
          </button>
        </div>
      </form>
      {filters.contact ? (
        <p className="mb-4 flex flex-wrap items-center gap-2 text-sm text-zinc-700">
          <span>
            About <span className="font-medium">{contactName ?? "a contact no longer here"}</span>
          </span>
          <TextLink href={`/tasks?${withoutContact}`}>Show every contact&apos;s tasks</TextLink>
        </p>
      ) : null}
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No tasks here">
            {filters.status === "open" && filters.assignee === "anyone" && filters.due === "any"
              ? "Nothing to follow up. When the agent promises a call back, the task appears here."
              : "No task matches these filters."}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="tasks">
            {rows.map((task) => {
              const overdue = task.status === "open" && task.dueAt && task.dueAt < now;
              return (
                <li
                  key={task.id}
                  className="flex flex-wrap items-start justify-between gap-3 px-5 py-4"
                  data-testid="task"
                >
                  <div className="min-w-0 space-y-1">
                    <p
                      className={clsx(
                        "text-sm font-medium break-words",
                        task.status === "done" ? "text-zinc-500 line-through" : "text-zinc-900",
                      )}
                    >
                      {task.title}
                    </p>
                    {task.details ? (
                      <p className="text-sm break-words text-zinc-600">{task.details}</p>
                    ) : null}
                    <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                      {task.dueAt ? (
                        <Badge tone={overdue ? "red" : "zinc"}>
                          {overdue ? "Overdue · " : "Due "}
                          {formatDateTimeIn(task.dueAt, timezone)}
                        </Badge>
                      ) : null}
                      <span>{task.assigneeName ? `For ${task.assigneeName}` : "Unassigned"}</span>
                      {task.contactId ? (
                        <TextLink
                          href={`/contacts/${task.contactId}`}
                          prefetch={false}
                          data-testid="task-contact"
                        >
                          {task.contactName || "Open the contact"}
                        </TextLink>
                      ) : null}
                    </p>
                  </div>
                  {canWrite ? (
                    <div className="flex items-center gap-2">
                      <Link
                        href={`/tasks/${task.id}`}
                        className={buttonClasses("ghost")}
                        aria-label={`Edit “${task.title}”`}
                      >
                        Edit
                      </Link>
                      <TaskStatusButton taskId={task.id} status={task.status} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}
