import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every export of a "use server" file is a public POST endpoint, callable by anyone with its id
// (the ids are in the client bundle). So server actions are written one way (lib/actions.ts):
// in the module's `server-actions.ts` (or, in a module split into feature folders, the feature's:
// lib/contacts/merge/server-actions.ts), each an async function named `…Action`, taking what arrives
// over the wire, declared to return a `Promise<…Result>` (an ActionResult), whose body is one
// `return` of a call to one of the wrappers, chosen by who may call it. A helper exported from such a file (as setCurrentOrg once
// was), an action that checks the session by hand, or one that returns something else fails here.

const root = join(import.meta.dirname, "..");
const WRAPPERS = ["sessionAction", "userAction", "publicAction"];
const FILE_NAME = "server-actions.ts";
// lib/<module>/server-actions.ts or lib/<module>/<feature>/server-actions.ts: one per folder.
const PLACE = /^lib\/[a-z0-9-]+\/(?:[a-z0-9-]+\/)?server-actions\.ts$/;
// What arrives over the wire, parsed inside the work: ids (`string` or a union of string literals,
// often bound), a form's `FormData` (after `_prev: unknown` under useActionState), or an island's
// object (`unknown`).
const PARAMETER_TYPES = ["string", "unknown", "FormData"];
const STRING_LITERALS = /^"[^"]*"(\s*\|\s*"[^"]*")*$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const useServerFiles = [
  ...sourceFiles(join(root, "lib")),
  ...sourceFiles(join(root, "app")),
  ...sourceFiles(join(root, "components")),
]
  .filter((path) => /^\s*["']use server["']/.test(readFileSync(path, "utf8")))
  .map((path) => relative(root, path));

/** `f` when the body is exactly `return f(async (…) => …, …)`, else null. */
function wrapperOf(body: ts.Block | undefined): string | null {
  const statement = body?.statements.length === 1 ? body.statements[0] : undefined;
  if (!statement || !ts.isReturnStatement(statement) || !statement.expression) return null;
  const call = statement.expression;
  if (!ts.isCallExpression(call)) return null;
  const work = call.arguments[0];
  const isAsyncArrow =
    work !== undefined &&
    ts.isArrowFunction(work) &&
    (ts.getModifiers(work)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
  return isAsyncArrow ? call.expression.getText() : null;
}

/** What is wrong with a "use server" file (an empty list when nothing is). */
function problems(file: string, text = readFileSync(join(root, file), "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  if (basename(file) !== FILE_NAME) found.push(`is not named ${FILE_NAME}`);
  else if (!PLACE.test(file)) found.push(`is not in lib/<module>/ or lib/<module>/<feature>/`);
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue;
      found.push(`re-export "${statement.getText().slice(0, 60)}"`);
      continue;
    }
    if (!exported) continue;
    if (ts.isTypeAliasDeclaration(statement) || ts.isInterfaceDeclaration(statement)) continue;
    if (!ts.isFunctionDeclaration(statement)) {
      found.push(`exports something other than a function: "${statement.getText().slice(0, 60)}"`);
      continue;
    }
    const name = statement.name?.text ?? "(default)";
    const isAsync = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    if (!isAsync) found.push(`${name} is not async`);
    if (!name.endsWith("Action")) found.push(`${name} is not named …Action (a helper?)`);
    for (const parameter of statement.parameters) {
      const type = parameter.type?.getText() ?? "(none)";
      if (!PARAMETER_TYPES.includes(type) && !STRING_LITERALS.test(type))
        found.push(
          `${name} takes ${parameter.name.getText()}: ${type}, not ${PARAMETER_TYPES.join(" | ")}`,
        );
    }
    if (!/^Promise<\w*Result\b/.test(statement.type?.getText() ?? ""))
      found.push(`${name} is not declared to return Promise<…Result>`);
    if (!WRAPPERS.includes(wrapperOf(statement.body) ?? ""))
      found.push(`${name} is not one \`return ${WRAPPERS.join(" | ")}(async … => …)\``);
  }
  return found;
}

describe('"use server" files', () => {
  it("are found", () => {
    expect(useServerFiles).toContain("lib/auth/server-actions.ts");
    expect(useServerFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(useServerFiles)("%s exports actions written one way only", (file) => {
    expect(problems(file)).toEqual([]);
  });

  it("finds the feature folders' files and refuses one outside lib/<module>[/<feature>]/", () => {
    expect(useServerFiles).toContain("lib/contacts/merge/server-actions.ts");
    const file = `"use server";`;
    expect(problems("lib/contacts/merge/server-actions.ts", file)).toEqual([]);
    expect(problems("lib/contacts/merge/undo/server-actions.ts", file)).toEqual([
      "is not in lib/<module>/ or lib/<module>/<feature>/",
    ]);
    expect(problems("app/(dashboard)/contacts/server-actions.ts", file)).toEqual([
      "is not in lib/<module>/ or lib/<module>/<feature>/",
    ]);
    expect(problems("lib/contacts/merge-actions.ts", file)).toEqual([
      "is not named server-actions.ts",
    ]);
  });

  it("catches a helper, a hand-rolled check and a wrapper called after other work", () => {
    const file = `"use server";
      export async function setOrg(id: string) {}
      export async function renameAction(input: { name: string }): Promise<ActionResult<null>> {
        return sessionAction(async () => null);
      }
      export async function leaveAction(): Promise<ActionResult<null>> {
        const session = await getSessionContext();
        return sessionAction(async () => null);
      }
      export async function pingAction(): Promise<string> {
        return inRequestContext(async () => "pong");
      }
      export async function okAction(): Promise<ActionResult<null>> {
        return publicAction(async () => null);
      }`;
    expect(problems("lib/x/actions.ts", file)).toEqual([
      "is not named server-actions.ts",
      "setOrg is not named …Action (a helper?)",
      "setOrg is not declared to return Promise<…Result>",
      "setOrg is not one `return sessionAction | userAction | publicAction(async … => …)`",
      "renameAction takes input: { name: string }, not string | unknown | FormData",
      "leaveAction is not one `return sessionAction | userAction | publicAction(async … => …)`",
      "pingAction is not declared to return Promise<…Result>",
      "pingAction is not one `return sessionAction | userAction | publicAction(async … => …)`",
    ]);
  });
});
