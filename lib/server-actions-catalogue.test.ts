import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every export of a "use server" file is a public POST endpoint, callable by anyone with its id
// (the ids are in the client bundle). So those files hold actions only: async functions named
// `…Action` that run through the project's action wrappers (lib/actions.ts: sessionAction checks
// the session and membership, inRequestContext for the signed-out ones). A helper exported from
// such a file (as setCurrentOrg once was) fails here.

const root = join(import.meta.dirname, "..");
const WRAPPERS = ["sessionAction", "inRequestContext"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const useServerFiles = [...sourceFiles(join(root, "lib")), ...sourceFiles(join(root, "app"))]
  .filter((path) => /^\s*["']use server["']/.test(readFileSync(path, "utf8")))
  .map((path) => relative(root, path));

/** The function called by `return f(…)`, `return await f(…)` or `const x = await f(…)`. */
function firstCall(statement: ts.Statement | undefined): string | null {
  let expression: ts.Expression | undefined;
  if (statement && ts.isReturnStatement(statement)) expression = statement.expression;
  else if (statement && ts.isVariableStatement(statement))
    expression = statement.declarationList.declarations[0]?.initializer;
  if (expression && ts.isAwaitExpression(expression)) expression = expression.expression;
  return expression && ts.isCallExpression(expression) ? expression.expression.getText() : null;
}

/** What is wrong with each export of a "use server" file (an empty list when nothing is). */
function problems(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
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
    if (!WRAPPERS.includes(firstCall(statement.body?.statements[0]) ?? ""))
      found.push(`${name} does not start by calling ${WRAPPERS.join(" or ")}`);
  }
  return found;
}

describe('"use server" files', () => {
  it("are found", () => {
    expect(useServerFiles).toContain("lib/auth/server-actions.ts");
    expect(useServerFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(useServerFiles)("%s exports wrapped async actions only", (file) => {
    expect(problems(file)).toEqual([]);
  });
});
