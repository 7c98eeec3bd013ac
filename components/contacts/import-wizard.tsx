"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult, ErrorCode } from "@/lib/errors";
import { CsvError } from "@/lib/contacts/csv/parse";
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  guessMapping,
  importMappingSchema,
  readCsvFile,
  type CsvFile,
  type ImportMapping,
} from "@/lib/contacts/import/mapping";
import { ImportMappingTable } from "./import-mapping-table";
// The mapping is checked in the browser too: its messages are worded like the server's.
import "@/lib/zod-messages";

type Loaded = { name: string; csv: string; file: CsvFile; notUtf8: boolean };

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Sends the import to its upload route (not a server action: those keep a small body limit). The
 * route answers `{ ok: true, data }`, or a refusal (401, 403, 413, 422…) in the API's error shape,
 * with its field errors.
 */
async function upload(form: FormData): Promise<ActionResult<{ id: string; totalRows: number }>> {
  try {
    const response = await fetch("/api/contacts/import", { method: "POST", body: form });
    const json = (await response.json()) as
      | ActionResult<{ id: string; totalRows: number }>
      | { error: { code: ErrorCode; message: string; fieldErrors?: Record<string, string[]> } };
    return "error" in json ? { ok: false, ...json.error } : json;
  } catch {
    return {
      ok: false,
      code: "INTERNAL",
      message: "The file did not reach Luneo. Check your connection and try again.",
    };
  }
}

/** Reads the file in the browser: size and shape are checked before anything is sent. */
async function load(file: File): Promise<Loaded | string> {
  if (file.size > MAX_IMPORT_BYTES) {
    return `This file is ${megabytes(file.size)}; imports take files up to 5 MB. Split it into smaller files.`;
  }
  const csv = await file.text();
  try {
    const parsed = readCsvFile(csv);
    if (parsed.rows.length === 0) return "The file has no rows under its header row.";
    if (parsed.rows.length > MAX_IMPORT_ROWS) {
      return `This file has ${parsed.rows.length.toLocaleString("en-US")} rows; imports take up to 50,000. Split it into smaller files.`;
    }
    // file.text() reads UTF-8; a file saved in a legacy encoding shows replacement characters.
    return { name: file.name, csv, file: parsed, notUtf8: csv.includes("\uFFFD") };
  } catch (error) {
    if (error instanceof CsvError) return error.message;
    throw error;
  }
}

/** Upload → column mapping with a preview → start. The job runs on; its page shows progress. */
export function ImportWizard() {
  const router = useRouter();
  const inputId = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setResult(null);
    if (!file) return;
    const outcome = await load(file);
    if (typeof outcome === "string") {
      setFileError(outcome);
      setLoaded(null);
      return;
    }
    setFileError(null);
    setLoaded(outcome);
    setMapping(guessMapping(outcome.file.headers));
  };

  const check = importMappingSchema.safeParse(mapping);
  const problems = check.success ? [] : check.error.issues.map((i) => i.message);

  const start = () => {
    if (!loaded || !check.success) return;
    startTransition(async () => {
      const form = new FormData();
      form.set("fileName", loaded.name);
      form.set("csv", loaded.csv);
      form.set("mapping", JSON.stringify(mapping));
      const outcome = await upload(form);
      setResult(outcome);
      if (outcome.ok) router.push(`/contacts/imports/${outcome.data.id}`);
    });
  };

  return (
    <div className="space-y-6" data-testid="import-wizard">
      <Card>
        <CardHeader
          title="1. Choose a CSV file"
          description="Up to 5 MB and 50,000 rows, with a header row naming the columns. Save spreadsheets as “CSV UTF-8”."
        />
        <div className="space-y-2 p-5">
          <label htmlFor={inputId} className="block text-sm font-medium text-zinc-800">
            CSV file
          </label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            onChange={choose}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${inputId}-error` : undefined}
            className="block text-sm text-zinc-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-sm file:font-medium file:text-brand-700"
          />
          {fileError ? (
            <p id={`${inputId}-error`} className="text-sm text-red-700" data-testid="file-error">
              {fileError}
            </p>
          ) : null}
          {loaded ? (
            <p className="text-sm text-zinc-600" data-testid="file-summary">
              {loaded.name}: {loaded.file.rows.length.toLocaleString("en-US")} rows,{" "}
              {loaded.file.headers.length} columns.
            </p>
          ) : null}
          {loaded?.notUtf8 ? (
            <p className="text-sm text-amber-800">
              Some characters could not be read: the file may not be saved as UTF-8, and accented
              letters may come out wrong. Save it as “CSV UTF-8” and choose it again.
            </p>
          ) : null}
        </div>
      </Card>

      {loaded ? (
        <>
          <Card>
            <CardHeader
              title="2. Match the columns"
              description="Rows whose phone or email belongs to a contact fill in what that contact lacks; nothing it has is overwritten."
            />
            <ImportMappingTable file={loaded.file} mapping={mapping} onChange={setMapping} />
            {problems.length > 0 ? (
              <ul
                className="space-y-1 border-t border-zinc-100 px-5 py-3 text-sm text-red-700"
                data-testid="mapping-problems"
              >
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
          </Card>

          <FormMessage state={result} />
          <div className="flex items-center gap-3">
            <Button onClick={start} disabled={pending || !check.success} data-testid="start-import">
              {pending
                ? "Starting…"
                : `Import ${loaded.file.rows.length.toLocaleString("en-US")} rows`}
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
