"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { jsonEqual } from "@/lib/json";
import { removedEntries, restoreRemoved } from "@/lib/verticals/customize-input";

// One editable list of the "Make it yours" form (starter knowledge, qualification questions):
// entries as collapsible <details> (long lists stay readable), per-entry reset and remove, add,
// and a way back for template entries the business removed.

export type EntryErrors = (entryId: string, field?: string) => string[];

type Noun = { one: string; many: string };

export function EntryList<T extends { id: string }>({
  name,
  noun,
  value,
  defaults,
  max,
  onChange,
  newEntry,
  summary,
  renderFields,
  errorsFor,
  listErrors,
  learnedLabel = false,
}: {
  /** The list's key in the form's state and the server's field errors: `knowledge`… */
  name: string;
  noun: Noun;
  value: T[];
  defaults: T[];
  max: number;
  onChange: (next: T[]) => void;
  newEntry: () => T;
  summary: (entry: T) => string;
  renderFields: (entry: T, number: number, update: (next: T) => void) => ReactNode;
  errorsFor: EntryErrors;
  listErrors?: string[];
  /**
   * Label answers approved on /learning "Learned from calls" (the learning flag is on for the org);
   * otherwise they are the business's own entries, labelled like any other.
   */
  learnedLabel?: boolean;
}) {
  // The first three start open; added entries and entries with errors open too.
  const [openIds, setOpenIds] = useState(() => new Set(value.slice(0, 3).map((e) => e.id)));
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const actionsRef = useRef<HTMLDivElement>(null);
  const templateById = new Map(defaults.map((e) => [e.id, e]));
  const removed = removedEntries(value, defaults);
  const withErrors = value.filter((e) => errorsFor(e.id).length > 0).map((e) => e.id);

  useEffect(() => {
    if (!focusId) return;
    listRef.current
      ?.querySelector<HTMLElement>(`[data-entry="${focusId}"] :is(input, textarea)`)
      ?.focus();
  }, [focusId]);

  const setOpen = (id: string, open: boolean) =>
    setOpenIds((ids) => {
      if (ids.has(id) === open) return ids;
      const next = new Set(ids);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  const update = (next: T) => onChange(value.map((e) => (e.id === next.id ? next : e)));
  const add = () => {
    const entry = newEntry();
    onChange([...value, entry]);
    setOpen(entry.id, true);
    setFocusId(entry.id);
  };
  const remove = (id: string) => {
    onChange(value.filter((e) => e.id !== id));
    // The removed entry took the focus with it: land on the list's "Add" button, which stays.
    actionsRef.current?.querySelector<HTMLElement>("button")?.focus();
  };
  const count = (n: number) => `${n} ${n === 1 ? noun.one : noun.many}`;

  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600" data-testid={`${name}-count`}>
        {count(value.length)}
      </p>
      {listErrors?.length ? <p className="text-sm text-red-700">{listErrors.join(" ")}</p> : null}
      <ol ref={listRef} className="space-y-2">
        {value.map((entry, index) => {
          const original = templateById.get(entry.id);
          const edited = original !== undefined && !jsonEqual(entry, original);
          const invalid = withErrors.includes(entry.id);
          return (
            <li key={entry.id} data-entry={entry.id} data-testid={`${name}-${entry.id}`}>
              <details
                open={openIds.has(entry.id) || invalid}
                onToggle={(e) => setOpen(entry.id, e.currentTarget.open)}
                className="group rounded-md border border-zinc-200 bg-white"
              >
                <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm">
                  <span className="text-zinc-400" aria-hidden>
                    {index + 1}.
                  </span>
                  <span className="min-w-0 flex-1 truncate font-medium text-zinc-900">
                    {summary(entry) || `New ${noun.one}`}
                  </span>
                  {/* Answers approved on /learning are keyed learned-<gap id> (lib/learning/service.ts). */}
                  {learnedLabel && entry.id.startsWith("learned-") ? (
                    <Badge tone="green">Learned from calls</Badge>
                  ) : original === undefined ? (
                    <Badge tone="brand">Yours</Badge>
                  ) : null}
                  {edited ? <Badge tone="amber">Edited</Badge> : null}
                  {invalid ? <Badge tone="red">Needs attention</Badge> : null}
                </summary>
                <div className="space-y-3 border-t border-zinc-100 px-3 py-3">
                  {renderFields(entry, index + 1, update)}
                  <div className="flex flex-wrap gap-2">
                    {edited ? (
                      <Button
                        variant="secondary"
                        data-testid={`reset-${name}-${entry.id}`}
                        aria-label={`Reset to template: ${noun.one} ${index + 1}`}
                        onClick={() => update(structuredClone(original))}
                      >
                        Reset to template
                      </Button>
                    ) : null}
                    <Button
                      variant="danger"
                      aria-label={`Remove ${noun.one} ${index + 1}`}
                      onClick={() => remove(entry.id)}
                    >
                      Remove
                    </Button>
                  </div>
                </div>
              </details>
            </li>
          );
        })}
      </ol>
      <div ref={actionsRef} className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          data-testid={`add-${name}`}
          disabled={value.length >= max}
          onClick={add}
        >
          Add a {noun.one}
        </Button>
        {removed.length ? (
          <Button
            variant="ghost"
            data-testid={`restore-${name}`}
            onClick={() => onChange(restoreRemoved(value, defaults))}
          >
            Restore {removed.length} removed template {removed.length === 1 ? noun.one : noun.many}
          </Button>
        ) : null}
        {value.length >= max ? (
          <span className="text-sm text-zinc-500">At most {count(max)}.</span>
        ) : null}
      </div>
    </div>
  );
}
