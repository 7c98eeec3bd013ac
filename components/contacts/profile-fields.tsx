"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import type { LeadFieldDef } from "./profile-card";

// The profile form's repeated inputs: lists of values (phones, emails), name/value rows
// (preferences) and lead field answers.

export type ListRow = { id: string; value: string };
export type PreferenceRow = { id: string; key: string; value: string };

let lastRowId = 0;
/** Row keys stay with their row when rows above are removed (never the index). */
export const newRowId = () => `row-${++lastRowId}`;

/** A list of values, the first primary, with add and remove; each row shows its own errors. */
export function ValueList({
  legend,
  noun,
  type,
  rows,
  max,
  onChange,
  errorsFor,
  listErrors,
  hint,
}: {
  legend: string;
  noun: string;
  type: "tel" | "email";
  rows: ListRow[];
  max: number;
  onChange: (rows: ListRow[]) => void;
  errorsFor: (rowId: string) => string[] | undefined;
  listErrors?: string[];
  hint?: string;
}) {
  const hintId = useId();
  return (
    <fieldset className="space-y-2" aria-describedby={hint ? hintId : undefined}>
      <legend className="text-sm font-medium text-zinc-800">{legend}</legend>
      {hint ? (
        <p id={hintId} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {rows.length === 0 ? <p className="text-sm text-zinc-500">None yet.</p> : null}
      {rows.map((row, i) => (
        <div key={row.id} className="flex items-start gap-2" data-testid={`${type}-row`}>
          <div className="flex-1">
            <TextField
              label={
                i === 0 ? `Primary ${noun}` : `${noun[0]!.toUpperCase()}${noun.slice(1)} ${i + 1}`
              }
              type={type}
              value={row.value}
              autoComplete="off"
              maxLength={type === "tel" ? 40 : 254}
              onChange={(e) =>
                onChange(rows.map((r) => (r.id === row.id ? { ...r, value: e.target.value } : r)))
              }
              errors={errorsFor(row.id)}
            />
          </div>
          <Button
            variant="ghost"
            className="mt-7"
            aria-label={`Remove ${noun} ${i + 1}`}
            onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
          >
            Remove
          </Button>
        </div>
      ))}
      {listErrors?.length ? <p className="text-sm text-red-700">{listErrors.join(" ")}</p> : null}
      <Button
        variant="secondary"
        disabled={rows.length >= max}
        onClick={() => onChange([...rows, { id: newRowId(), value: "" }])}
      >
        Add {noun.startsWith("e") ? "an" : "a"} {noun}
      </Button>
    </fieldset>
  );
}

/** One answer to a qualification question, with the input its type calls for. */
export function LeadFieldInput({
  def,
  value,
  onChange,
  errors,
}: {
  def: LeadFieldDef;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
}) {
  const label = def.unit ? `${def.label} (${def.unit})` : def.label;
  if (def.type === "choice") {
    const options = def.options ?? [];
    return (
      <SelectField
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        errors={errors}
      >
        <option value="">Not answered</option>
        {/* A value recorded before the options changed stays selectable. */}
        {value && !options.includes(value) ? <option value={value}>{value}</option> : null}
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </SelectField>
    );
  }
  return (
    <TextField
      label={label}
      type={def.type === "number" ? "number" : def.type === "date" ? "date" : "text"}
      step={def.type === "number" ? "any" : undefined}
      inputMode={def.type === "number" ? "decimal" : undefined}
      value={value}
      maxLength={def.type === "text" ? 200 : undefined}
      onChange={(e) => onChange(e.target.value)}
      errors={errors}
    />
  );
}

/** How the person likes to be reached, as name/value rows. */
export function PreferenceRows({
  rows,
  onChange,
  errorsFor,
}: {
  rows: PreferenceRow[];
  onChange: (rows: PreferenceRow[]) => void;
  errorsFor: (row: PreferenceRow) => string[];
}) {
  const update = (id: string, patch: Partial<PreferenceRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-3">
      {rows.length === 0 ? <p className="text-sm text-zinc-500">No preferences yet.</p> : null}
      {rows.map((row, i) => {
        const rowErrors = errorsFor(row);
        return (
          <div key={row.id} className="flex items-start gap-2" data-testid="preference-row">
            <div className="w-2/5">
              <TextField
                label={`Preference ${i + 1}`}
                value={row.key}
                placeholder="bestTime"
                maxLength={63}
                errors={rowErrors}
                onChange={(e) => update(row.id, { key: e.target.value })}
              />
            </div>
            <div className="flex-1">
              <TextField
                label={`Value ${i + 1}`}
                value={row.value}
                placeholder="evenings"
                maxLength={200}
                onChange={(e) => update(row.id, { value: e.target.value })}
              />
            </div>
            <Button
              variant="ghost"
              className="mt-7"
              aria-label={`Remove preference ${i + 1}`}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
            >
              Remove
            </Button>
          </div>
        );
      })}
      <Button
        variant="secondary"
        disabled={rows.length >= 20}
        onClick={() => onChange([...rows, { id: newRowId(), key: "", value: "" }])}
      >
        Add a preference
      </Button>
    </div>
  );
}
