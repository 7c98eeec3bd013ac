import type { ActionResult } from "@/lib/errors";

/** The form-level outcome of a server action, announced politely to screen readers. */
export function FormMessage({ state }: { state: ActionResult<unknown> | null }) {
  return (
    <div aria-live="polite" data-testid="form-message">
      {state && !state.ok ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{state.message}</p>
      ) : null}
    </div>
  );
}
