import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Which reads of lib/contacts write an audit entry must be visible from the name: an exported
// function that records a read (recordPiiRead, an audit action ending in viewed, listed or
// exported, or a call to another …Recorded read) is named …Recorded, a function named so records,
// and no queries.ts records anything.

const here = import.meta.dirname;
const RECORDS = /\brecordPiiRead\(|action: "[a-z_.]+(viewed|\.listed|\.exported)"|\w+Recorded\(/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** What breaks the naming rule in one file (an empty list when nothing does). */
function problems(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const functions = source.statements.filter(ts.isFunctionDeclaration);
  // A local helper that records makes its callers record (export.ts's auditExport).
  const recording = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const f of functions) {
      const name = f.name?.text ?? "";
      const body = f.body?.getText() ?? "";
      const calls = [...recording].some((r) => new RegExp(`\\b${r}\\(`).test(body));
      if (!recording.has(name) && (RECORDS.test(body) || calls)) {
        recording.add(name);
        grew = true;
      }
    }
  }
  const found: string[] = [];
  for (const f of functions) {
    const name = f.name?.text ?? "(default)";
    const exported = ts.getModifiers(f)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const records = recording.has(name);
    if (records && basename(file) === "queries.ts")
      found.push(`${name} records a read in a queries.ts`);
    if (exported && records && !name.endsWith("Recorded"))
      found.push(`${name} records a read but is not named …Recorded`);
    if (exported && !records && name.endsWith("Recorded"))
      found.push(`${name} is named …Recorded but records nothing`);
  }
  return found;
}

const files = sourceFiles(here).map((path) => relative(here, path));

describe("recorded reads in lib/contacts", () => {
  it("are found where they are", () => {
    expect(files).toEqual(
      expect.arrayContaining(["recorded-reads.ts", "queries.ts", "list/export.ts"]),
    );
  });

  it.each(files)("%s names every read it records …Recorded, and nothing else", (file) => {
    expect(problems(file, readFileSync(join(here, file), "utf8"))).toEqual([]);
  });

  it("catches an audited read under a plain name, a misnamed one, and a queries.ts that records", () => {
    const text = `
      async function audit(tx) { await recordAudit(tx, ctx, { action: "contacts.exported" }); }
      export async function getContactForReader(ctx, id) { await recordPiiRead(tx, ctx, id, "profile"); }
      export async function exportContacts(ctx) { return audit(ctx); }
      export async function listContactsRecorded(ctx) { return listContactsIn(tx, ctx); }
      export async function pageRecorded(ctx) { return getContactRecorded(ctx, "x"); }
      export async function listContacts(ctx) { return listContactsIn(tx, ctx); }`;
    expect(problems("merge/queries.ts", text)).toEqual([
      "audit records a read in a queries.ts",
      "getContactForReader records a read in a queries.ts",
      "getContactForReader records a read but is not named …Recorded",
      "exportContacts records a read in a queries.ts",
      "exportContacts records a read but is not named …Recorded",
      "listContactsRecorded is named …Recorded but records nothing",
      "pageRecorded records a read in a queries.ts",
    ]);
  });
});
