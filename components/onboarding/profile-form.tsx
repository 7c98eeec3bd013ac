"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/errors";
import type { BusinessProfileInput } from "@/lib/onboarding/schemas";
import { saveProfileAction } from "@/lib/onboarding/server-actions";
import { HoursEditor } from "./hours-editor";
import { useHydrated } from "@/components/ui/use-hydrated";

export type ProfileOptions = {
  countries: Array<{ code: string; name: string }>;
  timeZones: string[];
  languages: ReadonlyArray<{ tag: string; label: string }>;
  defaultTimeZones: Record<string, string>;
};

export function ProfileForm({
  initial,
  options,
}: {
  initial: BusinessProfileInput;
  options: ProfileOptions;
}) {
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const set = <K extends keyof BusinessProfileInput>(key: K, v: BusinessProfileInput[K]) =>
    setValue((prev) => ({ ...prev, [key]: v }));

  return (
    <form
      data-testid="profile-form"
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        start(async () => {
          const saved = await saveProfileAction(value);
          setResult(saved);
          if (saved.ok) router.push("/onboarding/vertical");
        });
      }}
    >
      <TextField
        label="Business name"
        name="name"
        value={value.name}
        onChange={(e) => set("name", e.target.value)}
        errors={errors.name}
        hint="What the agent calls your business on the phone."
        autoComplete="organization"
        required
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="Country"
          name="country"
          value={value.country}
          errors={errors.country}
          onChange={(e) => {
            const country = e.target.value;
            // A new country suggests its time zone, unless the owner already chose another one.
            const suggested = options.defaultTimeZones[country];
            setValue((prev) => ({
              ...prev,
              country,
              timezone:
                suggested && prev.timezone === (options.defaultTimeZones[prev.country] ?? "UTC")
                  ? suggested
                  : prev.timezone,
            }));
          }}
        >
          {options.countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Time zone"
          name="timezone"
          value={value.timezone}
          errors={errors.timezone}
          onChange={(e) => set("timezone", e.target.value)}
        >
          {options.timeZones.map((tz) => (
            <option key={tz} value={tz}>
              {tz.replaceAll("_", " ")}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Language on the phone"
          name="language"
          value={value.language}
          errors={errors.language}
          onChange={(e) => set("language", e.target.value)}
        >
          {options.languages.map((l) => (
            <option key={l.tag} value={l.tag}>
              {l.label}
            </option>
          ))}
        </SelectField>
      </div>
      <HoursEditor
        legend="Opening hours"
        value={value.hours}
        onChange={(hours) => set("hours", hours)}
        errors={errors}
      />
      <FormMessage state={result} />
      <div className="flex items-center justify-between border-t border-zinc-100 pt-5">
        <Link href="/dashboard" className="text-sm text-zinc-600 hover:text-zinc-900">
          Finish later
        </Link>
        <Button type="submit" disabled={pending || !hydrated}>
          {pending ? "Saving…" : "Save and continue"}
        </Button>
      </div>
    </form>
  );
}
