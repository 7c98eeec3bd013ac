"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { TaskForEdit } from "@/lib/agent-actions/task-queries";
import { saveTaskAction } from "@/lib/agent-actions/server-actions";

type Teammate = { id: string; name: string | null; email: string };

/**
 * A task, new or edited: title, notes, due date (in the org's time zone), assignee, status. A
 * refusal keeps what was typed and shows each message by its field; plain form controls, so it
 * works from the keyboard, and one column on a phone.
 */
export function TaskForm({
  task,
  contact,
  teammates,
  timezone,
  back,
}: {
  task: TaskForEdit | null;
  contact: { id: string; name: string } | null;
  teammates: Teammate[];
  timezone: string;
  /** Where saving and "Cancel" lead: the contact's page, or Tasks. */
  back: "contact" | "tasks";
}) {
  const [state, formAction, pending] = useActionState(saveTaskAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const kept = state && !state.ok ? state.values : undefined;
  const value = (key: keyof TaskForEdit, fallback = "") =>
    kept?.[key] ?? (task?.[key] as string | null | undefined) ?? fallback;
  const cancel = back === "contact" && contact ? `/contacts/${contact.id}` : "/tasks";
  return (
    <form action={formAction} className="space-y-5" aria-label="Task" noValidate>
      {task ? <input type="hidden" name="taskId" value={task.id} /> : null}
      <input type="hidden" name="contactId" value={contact?.id ?? ""} />
      <input type="hidden" name="back" value={back} />
      <TextField
        label="What needs doing"
        name="title"
        required
        maxLength={200}
        autoFocus={!task}
        defaultValue={value("title")}
        placeholder="Call Mrs Martin back about the flat"
        errors={errors?.title}
      />
      <TextAreaField
        label="Notes"
        name="details"
        maxLength={2000}
        defaultValue={value("details")}
        hint="Anything the person doing it needs to know."
        errors={errors?.details}
      />
      <div className="grid gap-5 sm:grid-cols-3">
        <TextField
          label="Due"
          name="dueLocal"
          type="datetime-local"
          defaultValue={value("dueLocal")}
          hint={`In ${timezone.replaceAll("_", " ")} time; leave empty for no date.`}
          errors={errors?.dueLocal}
        />
        <SelectField
          label="Assigned to"
          name="assigneeId"
          defaultValue={value("assigneeId")}
          errors={errors?.assigneeId}
        >
          <option value="">Nobody yet (the whole team sees it)</option>
          {teammates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name || t.email}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Status"
          name="status"
          defaultValue={value("status", "open")}
          errors={errors?.status}
        >
          <option value="open">Open</option>
          <option value="done">Done</option>
        </SelectField>
      </div>
      {contact ? (
        <p className="text-sm text-zinc-600">
          About <span className="font-medium text-zinc-900">{contact.name}</span>
        </p>
      ) : null}
      {errors?.contactId ? (
        <p className="text-sm text-red-700">{errors.contactId.join(" ")}</p>
      ) : null}
      <FormMessage state={state} />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : task ? "Save the task" : "Add the task"}
        </Button>
        <Link href={cancel} className={buttonClasses("ghost")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
