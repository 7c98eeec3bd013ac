"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { ContactFilter } from "@/lib/contacts/filters";
import { joinTags } from "@/lib/contacts/tags";
import { CHANNEL_LABELS, LAST_CONTACTED_LABELS, LEAD_STATUS_LABELS, SORT_LABELS } from "./labels";

/** A lead field offered as a filter: the vertical's qualification fields, plus any in the URL. */
export type LeadFieldOption = { key: string; label: string; options?: string[] };

const entries = <K extends string>(labels: Record<K, string>) =>
  Object.entries(labels) as [K, string][];

/** A choice's options, plus the value in the URL when the vertical no longer offers it. */
const withCurrent = (options: string[], current: string | undefined) =>
  current && !options.includes(current) ? [...options, current] : options;

/**
 * The list's query string from the form: empty fields left out, lead statuses joined by commas,
 * the default sort omitted, so the URL reads like filterToSearchParams writes it.
 */
function queryFrom(form: HTMLFormElement): string {
  const params = new URLSearchParams();
  const statuses: string[] = [];
  for (const [key, raw] of new FormData(form)) {
    const value = typeof raw === "string" ? raw.trim() : "";
    if (value === "" || (key === "sort" && value === "recent")) continue;
    if (key === "leadStatus") statuses.push(value);
    else params.set(key, value);
  }
  if (statuses.length > 0) params.set("leadStatus", statuses.join(","));
  return params.toString();
}

// A plain GET form that works without JavaScript (the page joins repeated lead statuses); with
// it, the URL is tidied before navigating. The page remounts it (key) when the URL changes.
export function ContactFilters({
  filter,
  leadFields,
  hasConditions,
}: {
  filter: ContactFilter;
  leadFields: LeadFieldOption[];
  hasConditions: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const query = queryFrom(event.currentTarget);
    start(() => router.push(query ? `/contacts?${query}` : "/contacts"));
  };
  const moreOpen = Boolean(
    filter.tags?.length ||
    filter.leadStatus?.length ||
    Object.keys(filter.leadFields ?? {}).length ||
    filter.lastContacted ||
    filter.channel,
  );

  return (
    <form
      method="get"
      action="/contacts"
      role="search"
      aria-label="Filter contacts"
      onSubmit={onSubmit}
      className="mb-4 space-y-3"
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1">
          <TextField
            label="Search"
            name="q"
            type="search"
            defaultValue={filter.q ?? ""}
            placeholder="Name, email or phone number"
            maxLength={200}
          />
        </div>
        <div className="w-48">
          <SelectField label="Sort by" name="sort" defaultValue={filter.sort}>
            {entries(SORT_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Filtering…" : "Apply"}
        </Button>
        {hasConditions ? (
          <Link href="/contacts" className={buttonClasses("ghost")}>
            Clear filters
          </Link>
        ) : null}
      </div>
      <details open={moreOpen} className="rounded-lg border border-zinc-200 bg-white">
        <summary className="cursor-pointer px-4 py-2.5 text-sm font-medium text-zinc-800">
          More filters
        </summary>
        <div className="grid gap-4 border-t border-zinc-100 p-4 sm:grid-cols-3">
          <TextField
            label="Tags"
            name="tags"
            defaultValue={joinTags(filter.tags ?? [])}
            placeholder="vip, buyer"
            hint="Contacts with every one of these tags."
          />
          <SelectField
            label="Last contacted"
            name="lastContacted"
            defaultValue={filter.lastContacted ?? ""}
          >
            <option value="">Any time</option>
            {entries(LAST_CONTACTED_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Channel" name="channel" defaultValue={filter.channel ?? ""}>
            <option value="">Any channel</option>
            {entries(CHANNEL_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <fieldset className="sm:col-span-3">
            <legend className="text-sm font-medium text-zinc-800">Lead status</legend>
            <div className="mt-2 flex flex-wrap gap-2">
              {entries(LEAD_STATUS_LABELS).map(([value, label]) => (
                <label
                  key={value}
                  className="flex items-center gap-2 rounded-md border border-zinc-200 px-2.5 py-1.5 text-sm hover:bg-zinc-50"
                >
                  <input
                    type="checkbox"
                    name="leadStatus"
                    value={value}
                    defaultChecked={filter.leadStatus?.includes(value) ?? false}
                    className="accent-brand-600"
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          {leadFields.length > 0 ? (
            <fieldset className="grid gap-4 sm:col-span-3 sm:grid-cols-3">
              <legend className="mb-2 text-sm font-medium text-zinc-800">
                Lead answers (exact match)
              </legend>
              {leadFields.map((field) =>
                field.options?.length ? (
                  <SelectField
                    key={field.key}
                    label={field.label}
                    name={`lf.${field.key}`}
                    defaultValue={filter.leadFields?.[field.key] ?? ""}
                  >
                    <option value="">Any</option>
                    {withCurrent(field.options, filter.leadFields?.[field.key]).map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </SelectField>
                ) : (
                  <TextField
                    key={field.key}
                    label={field.label}
                    name={`lf.${field.key}`}
                    defaultValue={filter.leadFields?.[field.key] ?? ""}
                    maxLength={200}
                  />
                ),
              )}
            </fieldset>
          ) : null}
        </div>
      </details>
    </form>
  );
}
