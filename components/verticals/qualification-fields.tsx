"use client";

import { useState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { LeadField } from "@/lib/verticals/content";
import { jsonEqual } from "@/lib/json";
import { newEntryId, type QualificationItem } from "@/lib/verticals/customize-input";

const TYPES: { value: LeadField["type"]; label: string }[] = [
  { value: "choice", label: "Choice from a list" },
  { value: "text", label: "Text" },
  { value: "number", label: "Number" },
  { value: "date", label: "Date" },
];

export function newQualification(): QualificationItem {
  const id = newEntryId();
  // The lead field's key is the entry's id: stable while the person renames the label, so the
  // answers already recorded under it stay attached.
  return { id, question: "", field: { key: id, label: "", type: "text" } };
}

const parseOptions = (text: string) =>
  text
    .split("\n")
    .map((o) => o.trim())
    .filter(Boolean);

/** A field's shape for its type: options only for choices, a unit only for numbers. */
function withType(field: LeadField, type: LeadField["type"]): LeadField {
  const { options, unit, ...rest } = field;
  return {
    ...rest,
    type,
    ...(type === "choice" ? { options: options ?? [] } : {}),
    ...(type === "number" && unit !== undefined ? { unit } : {}),
  };
}

export function QualificationFields({
  entry,
  number,
  onChange,
  errorsFor,
}: {
  entry: QualificationItem;
  number: number;
  onChange: (next: QualificationItem) => void;
  errorsFor: (field: string) => string[];
}) {
  const field = entry.field;
  const setField = (next: LeadField) => onChange({ ...entry, field: next });
  return (
    <>
      <TextField
        label={`Qualification question ${number}`}
        value={entry.question}
        maxLength={300}
        onChange={(e) => onChange({ ...entry, question: e.target.value })}
        errors={errorsFor("question")}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={`Lead field for question ${number}`}
          value={field.label}
          maxLength={80}
          hint="Where the answer is recorded on the contact, e.g. “Budget”."
          onChange={(e) => setField({ ...field, label: e.target.value })}
          errors={[...errorsFor("field.label"), ...errorsFor("field.key")]}
        />
        <SelectField
          label={`Kind of answer for question ${number}`}
          value={field.type}
          onChange={(e) => setField(withType(field, e.target.value as LeadField["type"]))}
          errors={errorsFor("field.type")}
        >
          {TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </SelectField>
      </div>
      {field.type === "choice" ? (
        <OptionsField
          label={`Choices for question ${number}`}
          options={field.options ?? []}
          onChange={(options) => setField({ ...field, options })}
          errors={errorsFor("field.options")}
        />
      ) : null}
      {field.type === "number" ? (
        <TextField
          label={`Unit for question ${number} (optional)`}
          value={field.unit ?? ""}
          maxLength={20}
          placeholder="USD, bedrooms…"
          onChange={(e) => {
            const { unit: _unit, ...rest } = field;
            setField(e.target.value ? { ...rest, unit: e.target.value } : rest);
          }}
          errors={errorsFor("field.unit")}
        />
      ) : null}
    </>
  );
}

/**
 * One choice per line rather than comma-separated: template choices contain commas ("Mortgage
 * needed, not yet applied"). The text is kept as typed (blank lines while typing) and re-derived
 * from the options when they change from outside, e.g. "Reset to template".
 */
function OptionsField({
  label,
  options,
  onChange,
  errors,
}: {
  label: string;
  options: string[];
  onChange: (options: string[]) => void;
  errors: string[];
}) {
  const [text, setText] = useState(() => options.join("\n"));
  const shown = jsonEqual(parseOptions(text), options) ? text : options.join("\n");
  return (
    <TextAreaField
      label={label}
      value={shown}
      rows={Math.min(Math.max(options.length + 1, 3), 8)}
      hint="One choice per line, at most 20."
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseOptions(e.target.value));
      }}
      errors={errors}
    />
  );
}
