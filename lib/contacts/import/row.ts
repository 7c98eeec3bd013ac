import type { CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { LEAD_STATUSES, type LeadStatus } from "@/db/schema/contacts";
import { cellValue, type ImportMapping } from "./mapping";
import { toE164 } from "../phone";
import { MAX_TAGS, MAX_TAG_LENGTH, splitTags } from "../tags";

// One CSV row → the contact values it carries, or the reasons it is skipped. Pure: the upload page
// could show the same verdicts the job reaches.

export type ImportedContact = {
  name: string | null;
  /** E.164, deduplicated; the first is the primary. */
  phones: string[];
  /** Lower-cased, deduplicated; the first is the primary. */
  emails: string[];
  tags: string[];
  language: string | null;
  leadStatus: LeadStatus | null;
  leadFields: Record<string, string>;
};

export type RowProblem = { field: string; message: string };
/**
 * A row is imported when it identifies a person (a valid phone or email) and nothing else is
 * wrong; an unreadable second identity (a bad phone beside a good email) is left out and reported
 * as a warning, so one typo in a column does not lose the whole person.
 */
export type RowVerdict =
  | { ok: true; value: ImportedContact; warnings: RowProblem[] }
  | { ok: false; problems: RowProblem[] };

const emailSchema = z.email();
const LANGUAGE = /^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?$/;

const quoteOf = (value: string) => `“${value.length > 40 ? `${value.slice(0, 40)}…` : value}”`;

export function parseImportRow(
  headers: string[],
  cells: string[],
  mapping: ImportMapping,
  country: CountryCode,
): RowVerdict {
  const problems: RowProblem[] = [];
  // Bad phones and emails: warnings when another identity still finds the person.
  const identityProblems = new Set<RowProblem>();
  const identityProblem = (field: string, message: string) => {
    const entry = { field, message };
    identityProblems.add(entry);
    problems.push(entry);
  };
  const out: ImportedContact = {
    name: null,
    phones: [],
    emails: [],
    tags: [],
    language: null,
    leadStatus: null,
    leadFields: {},
  };
  let identityColumn: string | null = null;
  headers.forEach((header, index) => {
    const target = mapping[header];
    if (!target || target === "ignore") return;
    const value = cellValue(cells[index]);
    if (["phone", "phone2", "email", "email2"].includes(target)) identityColumn ??= header;
    if (value === "") return;
    const problem = (message: string) => problems.push({ field: header, message });
    switch (target) {
      case "name":
        if (value.length > 120) problem("Names have at most 120 characters.");
        else out.name = value;
        return;
      case "phone":
      case "phone2": {
        const e164 = toE164(value, country);
        if (!e164) {
          identityProblem(header, `${quoteOf(value)} is not a phone number we can call.`);
        } else if (!out.phones.includes(e164)) out.phones.push(e164);
        return;
      }
      case "email":
      case "email2": {
        const email = value.toLowerCase();
        if (email.length > 254 || !emailSchema.safeParse(email).success) {
          identityProblem(header, `${quoteOf(value)} is not an email address.`);
        } else if (!out.emails.includes(email)) out.emails.push(email);
        return;
      }
      case "tags": {
        const tags = splitTags(value);
        if (tags.some((t) => t.length > MAX_TAG_LENGTH)) {
          problem(`Tags have at most ${MAX_TAG_LENGTH} characters.`);
        } else if (tags.length > MAX_TAGS) problem(`At most ${MAX_TAGS} tags.`);
        else out.tags = tags;
        return;
      }
      case "language": {
        const match = LANGUAGE.exec(value);
        if (!match) problem(`${quoteOf(value)} is not a language tag such as en-US or fr.`);
        else {
          out.language = match[2]
            ? `${match[1]!.toLowerCase()}-${match[2].toUpperCase()}`
            : match[1]!.toLowerCase();
        }
        return;
      }
      case "leadStatus": {
        const status = LEAD_STATUSES.find((s) => s === value.toLowerCase());
        if (!status) problem(`${quoteOf(value)} is not one of: ${LEAD_STATUSES.join(", ")}.`);
        else out.leadStatus = status;
        return;
      }
      default: {
        const key = target.slice("leadField:".length);
        if (value.length > 200) problem("Lead field values have at most 200 characters.");
        else out.leadFields[key] = value;
      }
    }
  });
  const identified = out.phones.length > 0 || out.emails.length > 0;
  if (problems.length === 0 && !identified) {
    problems.push({
      field: identityColumn ?? "phone",
      message: "No phone number or email address: nothing to find or create the contact by.",
    });
  }
  if (!identified || problems.some((p) => !identityProblems.has(p))) return { ok: false, problems };
  return {
    ok: true,
    value: out,
    warnings: problems.map((p) => ({
      field: p.field,
      message: `${p.message} The row was imported without it.`,
    })),
  };
}
