"use client";

import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { addNoteAction } from "@/lib/contacts/profile/server-actions";
import type { ActionResult } from "@/lib/errors";

/** A note for the team, added at the top of the contact's timeline. */
export function NoteForm({
  contactId,
  onAdded,
}: {
  contactId: string;
  /** Refreshes the timeline; the form stays busy until it has. */
  onAdded: () => Promise<unknown>;
}) {
  const [body, setBody] = useState("");
  const [result, setResult] = useState<ActionResult<{ id: string }> | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(async () => {
      const outcome = await addNoteAction(contactId, { body });
      setResult(outcome);
      if (outcome.ok) {
        setBody("");
        await onAdded();
      }
    });
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-3 border-b border-zinc-100 px-5 py-4"
      data-testid="note-form"
    >
      <TextAreaField
        label="Add a note"
        name="body"
        value={body}
        rows={3}
        maxLength={5000}
        placeholder="What your team should know about this person"
        onChange={(e) => setBody(e.target.value)}
        errors={errors?.body}
      />
      <FormMessage state={result} />
      <div className="flex items-center justify-end gap-3">
        <span role="status" className="text-sm text-green-700">
          {result?.ok && body === "" ? "Note added." : ""}
        </span>
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add note"}
        </Button>
      </div>
    </form>
  );
}
