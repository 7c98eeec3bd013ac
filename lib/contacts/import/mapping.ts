import { z } from "zod";
import { restoreCell } from "../csv/write";
import { CsvError, detectDelimiter, parseCsv, uniqueHeaders } from "../csv/parse";

// A CSV import's column mapping and limits: shared by the upload page (guesses, preview) and the
// server (validation, the job), so both read a file the same way.

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
/** The report keeps the first problems only; `failed` counts every skipped row. */
export const IMPORT_REPORT_LIMIT = 500;

export const SIMPLE_TARGETS = [
  "name",
  "phone",
  "phone2",
  "email",
  "email2",
  "tags",
  "language",
  "leadStatus",
  "ignore",
] as const;
export type SimpleTarget = (typeof SIMPLE_TARGETS)[number];
/** A column's destination: a contact field, `leadField:<key>`, or `ignore`. */
export type ImportTarget = SimpleTarget | `leadField:${string}`;

export const TARGET_LABELS: Record<SimpleTarget, string> = {
  name: "Name",
  phone: "Phone",
  phone2: "Second phone",
  email: "Email",
  email2: "Second email",
  tags: "Tags (separated by , ; or |)",
  language: "Language",
  leadStatus: "Lead status",
  ignore: "Don’t import",
};

const LEAD_FIELD = /^leadField:[a-z0-9][a-z0-9_-]{0,62}$/;
const IDENTITY_TARGETS: ImportTarget[] = ["phone", "phone2", "email", "email2"];

export const importTargetSchema = z.union([
  z.enum(SIMPLE_TARGETS),
  z
    .string()
    .regex(LEAD_FIELD, "Name lead fields with lower-case letters, digits, - and _.")
    .transform((v) => v as `leadField:${string}`),
]);

export const importMappingSchema = z
  .record(z.string().min(1).max(200), importTargetSchema)
  .superRefine((mapping, ctx) => {
    const headers = Object.keys(mapping);
    if (headers.length > 200) ctx.addIssue({ code: "custom", message: "At most 200 columns." });
    if (!Object.values(mapping).some((t) => IDENTITY_TARGETS.includes(t))) {
      ctx.addIssue({
        code: "custom",
        message: "Map at least one column to a phone or an email: contacts are found by them.",
      });
    }
    const seen = new Map<string, string>();
    for (const [header, target] of Object.entries(mapping)) {
      if (target === "ignore") continue;
      const first = seen.get(target);
      if (first) {
        ctx.addIssue({
          code: "custom",
          path: [header],
          message: `“${first}” already goes to this field: choose another one or “Don’t import”.`,
        });
      } else seen.set(target, header);
    }
  });
export type ImportMapping = Record<string, ImportTarget>;

export const startImportSchema = z.object({
  fileName: z.string().trim().min(1, "Choose a file.").max(255),
  csv: z.string(),
  mapping: importMappingSchema,
});
export type StartImportInput = z.infer<typeof startImportSchema>;

/** Lower-case letters and digits only: "E-mail address" → "emailaddress". */
const squash = (header: string) =>
  header
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

const GUESSES: [RegExp, SimpleTarget][] = [
  [/^(e?mail|emailaddress|courriel|correo|adresseemail)$/, "email"],
  [/^(e?mail|courriel)(2|two|secondary|other|alt)|^(secondary|other|alt|work)e?mail/, "email2"],
  [
    /^(phone|tel|telephone|mobile|mobilephone|cell|cellphone|portable|gsm|phonenumber|number|telefono|movil)$/,
    "phone",
  ],
  [
    /^(phone|tel|telephone|mobile|cell)(2|two|secondary|other|alt|work|home)|^(work|home|other)phone/,
    "phone2",
  ],
  [/^(name|fullname|contact|contactname|nom|nomcomplet|nombre|customer|client)$/, "name"],
  [/^(tags?|labels?|etiquettes?|groups?)$/, "tags"],
  [/^(language|lang|locale|langue|idioma)$/, "language"],
  [/^(leadstatus|status|stage|statut|lifecyclestage)$/, "leadStatus"],
];

/** The target a column's header suggests, or `ignore`. Each target is guessed at most once. */
export function guessMapping(headers: string[]): ImportMapping {
  const taken = new Set<ImportTarget>();
  const mapping: ImportMapping = {};
  for (const header of headers) {
    const key = squash(header);
    let target: ImportTarget = "ignore";
    for (const [pattern, guess] of GUESSES) {
      if (pattern.test(key)) {
        target = guess;
        break;
      }
    }
    // A second "Phone" column becomes phone2, a third is left for the person to decide.
    if (target !== "ignore" && taken.has(target)) {
      const second = ({ phone: "phone2", email: "email2" } as const)[target as "phone" | "email"];
      target = second && !taken.has(second) ? second : "ignore";
    }
    if (target !== "ignore") taken.add(target);
    mapping[header] = target;
  }
  return mapping;
}

/** A header as a lead field key: "Budget (€)" → "budget". */
export function leadFieldKey(header: string): string {
  const key = header
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[_-]+|[_-]+$/g, "")
    .slice(0, 63);
  return key || "field";
}

/**
 * A cell's value: without the formula neutralisation of Luneo's CSV export (csv/write.ts
 * `restoreCell`, its exact inverse: `'=…`, `'+…`, `'-…`, `'@…`, and a tab, CR or second apostrophe
 * after the first, lose the apostrophe), then trimmed. It stays text: nothing is ever evaluated.
 */
export const cellValue = (raw: string | undefined) => restoreCell(raw ?? "").trim();

export type CsvRow = {
  /** As a spreadsheet numbers it: the header is row 1. */ row: number;
  cells: string[];
};
export type CsvFile = { headers: string[]; rows: CsvRow[] };

/**
 * A file's columns and its data rows (blank lines left out, row numbers kept), or a readable
 * problem. Throws CsvError for an unclosed quote.
 */
export function readCsvFile(csv: string): CsvFile {
  const records = parseCsv(csv, { delimiter: detectDelimiter(csv) });
  const [header, ...data] = records;
  if (!header || header.every((c) => c.trim() === "")) {
    throw new CsvError("The file is empty: its first row should name the columns.", 1);
  }
  const rows: CsvRow[] = [];
  data.forEach((cells, i) => {
    if (cells.some((c) => cellValue(c) !== "")) rows.push({ row: i + 2, cells });
  });
  return { headers: uniqueHeaders(header), rows };
}
