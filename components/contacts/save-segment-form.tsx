"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { createSegmentAction } from "@/lib/contacts/segments/server-actions";

/** "Save this filter as a segment": the current filter travels as the list's query string. */
export function SaveSegmentForm({ query }: { query: string }) {
  const [state, action, pending] = useActionState(createSegmentAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const filterErrors = Object.entries(errors ?? {})
    .filter(([field]) => field.startsWith("filter"))
    .flatMap(([, messages]) => messages);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="filter" value={query} />
      <div className="min-w-56 flex-1">
        <TextField
          label="Save this filter as a segment"
          name="name"
          placeholder="Qualified buyers"
          maxLength={60}
          required
          errors={errors?.name}
        />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Save segment"}
      </Button>
      <div className="w-full" aria-live="polite">
        {state?.ok ? (
          <p className="text-sm text-green-700">Saved “{state.data.name}”.</p>
        ) : state && !errors?.name ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {filterErrors.length > 0 ? filterErrors.join(" ") : state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
