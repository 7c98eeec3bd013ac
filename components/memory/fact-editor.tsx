"use client";

import { AlertDialog } from "radix-ui";
import { useActionState, useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/errors";
import { correctFactAction, deleteFactAction } from "@/lib/memory/server-actions";

type Saved = ActionResult<{ key: string; value: string }> | null;

/** Edit or forget one fact (admins). The corrected fact becomes the admin's: calls never overwrite it. */
export function FactEditor({
  contactId,
  fact,
}: {
  contactId: string;
  fact: { key: string; value: string };
}) {
  const [editing, setEditing] = useState(false);
  const [deleting, startDelete] = useTransition();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [state, action, saving] = useActionState(
    async (prev: Saved, form: FormData): Promise<Saved> => {
      const result = await correctFactAction(contactId, prev, form);
      if (result.ok) setEditing(false);
      return result;
    },
    null,
  );

  if (editing) {
    return (
      <form action={action} className="flex flex-wrap items-end gap-2" data-testid="fact-edit-form">
        <input type="hidden" name="key" value={fact.key} />
        <div className="min-w-48 flex-1">
          <TextField
            label={`New value for ${fact.key}`}
            name="value"
            defaultValue={fact.value}
            maxLength={200}
            required
            autoFocus
            errors={state && !state.ok ? state.fieldErrors?.value : undefined}
          />
        </div>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
        <Button variant="ghost" onClick={() => setEditing(false)} disabled={saving}>
          Cancel
        </Button>
        <div className="basis-full">
          <FormMessage state={state} />
        </div>
      </form>
    );
  }

  return (
    <div className="flex items-center justify-end gap-1">
      <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setEditing(true)}>
        Edit<span className="sr-only"> {fact.key}</span>
      </Button>
      <AlertDialog.Root>
        <AlertDialog.Trigger asChild>
          <Button variant="ghost" className="px-2 py-1 text-xs text-red-700" disabled={deleting}>
            {deleting ? "Forgetting…" : "Delete"}
            <span className="sr-only"> {fact.key}</span>
          </Button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 z-40 bg-zinc-900/40" />
          <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-xl bg-white p-6 shadow-xl">
            <AlertDialog.Title className="text-base font-semibold text-zinc-900">
              Forget “{fact.key}”?
            </AlertDialog.Title>
            <AlertDialog.Description className="mt-2 text-sm text-zinc-600">
              The agent stops mentioning it from the next call. A later conversation may teach it
              again.
            </AlertDialog.Description>
            <div className="mt-6 flex justify-end gap-2">
              <AlertDialog.Cancel className={buttonClasses("secondary")}>
                Keep it
              </AlertDialog.Cancel>
              <AlertDialog.Action
                className={buttonClasses("danger")}
                onClick={() =>
                  startDelete(async () => {
                    const result = await deleteFactAction(contactId, fact.key);
                    setDeleteError(result.ok ? null : result.message);
                  })
                }
              >
                Forget it
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
      {deleteError ? <span className="text-xs text-red-700">{deleteError}</span> : null}
    </div>
  );
}

/** Teach Luneo a fact by hand (admins), e.g. a budget given by email. */
export function AddFactForm({ contactId }: { contactId: string }) {
  const [state, action, saving] = useActionState(
    (prev: Saved, form: FormData) => correctFactAction(contactId, prev, form),
    null,
  );
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" data-testid="fact-add-form">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto] sm:items-end">
        <TextField
          label="Fact"
          name="key"
          placeholder="budget"
          maxLength={40}
          required
          errors={errors?.key}
        />
        <TextField
          label="Value"
          name="value"
          placeholder="500000"
          maxLength={200}
          required
          errors={errors?.value}
        />
        <Button type="submit" variant="secondary" disabled={saving}>
          {saving ? "Saving…" : "Remember"}
        </Button>
      </div>
      <FormMessage state={state} />
      {state?.ok ? (
        <p className="text-sm text-green-700" aria-live="polite">
          Remembered {state.data.key}.
        </p>
      ) : null}
    </form>
  );
}
