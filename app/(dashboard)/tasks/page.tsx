import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { TaskStatusButton } from "@/components/agent-actions/task-status-button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTimeIn } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { listTasks } from "@/lib/agent-actions/queries";
import { taskFiltersSchema, type TaskFilters } from "@/lib/agent-actions/schemas";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";

export const metadata: Metadata = { title: "Tasks" };

const FILTERS: { key: keyof TaskFilters; options: [string, string][] }[] = [
  {
    key: "status",
    options: [
      ["open", "Open"],
      ["done", "Done"],
      ["all", "All"],
    ],
  },
  {
    key: "assignee",
    options: [
      ["anyone", "Anyone"],
      ["me", "Mine"],
      ["unassigned", "Unassigned"],
    ],
  },
  {
    key: "due",
    options: [
      ["any", "Any date"],
      ["overdue", "Overdue"],
      ["today", "Today"],
      ["week", "Next 7 days"],
    ],
  },
];

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
  const { rows, timezone } = await listTasks(ctx, filters);
  const canWrite = hasPermission(ctx, "tasks.write");
  const now = new Date();
  const href = (key: keyof TaskFilters, value: string) =>
    `/tasks?${new URLSearchParams({ ...filters, [key]: value }).toString()}`;
  return (
    <>
      <PageHeader
        title="Tasks"
        description="Follow-ups for the team: what callers asked for that the agent could not do on the spot."
      />
      <nav aria-label="Filter tasks" className="mb-4 flex flex-wrap gap-x-6 gap-y-2">
        {FILTERS.map(({ key, options }) => (
          <ul key={key} className="flex flex-wrap gap-1" aria-label={key}>
            {options.map(([value, label]) => {
              const active = filters[key] === value;
              return (
                <li key={value}>
                  <Link
                    href={href(key, value)}
                    aria-current={active ? "page" : undefined}
                    className={clsx(
                      "inline-block rounded-full px-3 py-1 text-sm",
                      active
                        ? "bg-brand-600 text-white"
                        : "bg-zinc-100 text-zinc-700 hover:bg-zinc-200",
                    )}
                  >
                    {label}
                  </Link>
                </li>
              );
            })}
          </ul>
        ))}
      </nav>
      <Card>
        {rows.length === 0 ? (
          <EmptyState title="No tasks here">
            {filters.status === "open"
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
                        "text-sm font-medium",
                        task.status === "done" ? "text-zinc-500 line-through" : "text-zinc-900",
                      )}
                    >
                      {task.title}
                    </p>
                    {task.details ? <p className="text-sm text-zinc-600">{task.details}</p> : null}
                    <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                      {task.dueAt ? (
                        <Badge tone={overdue ? "red" : "zinc"}>
                          {overdue ? "Overdue · " : "Due "}
                          {formatDateTimeIn(task.dueAt, timezone)}
                        </Badge>
                      ) : null}
                      <span>{task.assigneeName ? `For ${task.assigneeName}` : "Unassigned"}</span>
                      {task.contactId ? (
                        <TextLink href={`/contacts/${task.contactId}`} prefetch={false}>
                          {task.contactName || "Open the contact"}
                        </TextLink>
                      ) : null}
                    </p>
                  </div>
                  {canWrite ? <TaskStatusButton taskId={task.id} status={task.status} /> : null}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </>
  );
}
