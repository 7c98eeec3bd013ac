import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Route handlers own no authentication: /api/v1 routes go through apiRoute (the API key, its rate
// limit, the scope) and the dashboard's own route handlers through sessionRoute (the session
// checked against the database, its 401, the permission), both in lib/http/. A route file that
// imports a check itself, or exports a handler not built by a wrapper, fails here. Pages may call
// requireSessionContext: it redirects, which is what a page wants.

const root = join(import.meta.dirname, "..");

/** Imports that perform (or bypass) an authentication check, by module. */
const FORBIDDEN_IMPORTS: Record<string, string[]> = {
  "@/lib/api-keys/authenticate": ["authenticateApiKey"],
  "@/lib/auth/session": ["getSessionContext", "requireSessionContext", "getSignedInUser"],
  "@/lib/auth/auth": ["auth"],
};

/** The one exception: Auth.js's session endpoint must read a revoked token as signed out. */
const ALLOWED_IMPORTS: Record<string, string[]> = {
  "app/api/auth/[...nextauth]/route.ts": ["getSignedInUser"],
};

/** Routes that are not the app's own API: who may call them is decided elsewhere, as said. */
const PUBLIC_ROUTES: Record<string, string> = {
  // Auth.js's own endpoints; GET /api/auth/session reads a revoked token as signed out.
  "app/api/auth/[...nextauth]/route.ts": "Auth.js",
  "app/api/health/route.ts": "liveness, no data",
  "app/api/health/ready/route.ts": "readiness, no data",
  // Prometheus: a bearer token from the environment, checked in lib/health/metrics.ts.
  "app/api/metrics/route.ts": "METRICS_TOKEN",
  // Signed by the provider and checked in lib/webhooks (receiveWebhook, twilioRoute).
  "app/api/webhooks/twilio/[endpoint]/sms-status/route.ts": "Twilio signature",
  "app/api/webhooks/twilio/[endpoint]/sms/route.ts": "Twilio signature",
  "app/api/webhooks/twilio/[endpoint]/status/route.ts": "Twilio signature",
  "app/api/webhooks/twilio/[endpoint]/voice/route.ts": "Twilio signature",
  "app/api/webhooks/vapi/[endpoint]/route.ts": "VAPI secret",
};

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return /^route\.tsx?$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

const routes = routeFiles(join(root, "app"));

/** The wrapper a route under `file` must be built with. */
const wrapperFor = (file: string) => (file.startsWith("app/api/v1/") ? "apiRoute" : "sessionRoute");

/** What is wrong with a route file (an empty list when nothing is). */
function problems(file: string, text = readFileSync(join(root, file), "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const forbidden = FORBIDDEN_IMPORTS[statement.moduleSpecifier.text] ?? [];
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && forbidden.length > 0)
        found.push(`imports * from ${statement.moduleSpecifier.text}`);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const name = (element.propertyName ?? element.name).text;
          if (forbidden.includes(name) && !ALLOWED_IMPORTS[file]?.includes(name))
            found.push(`imports ${name}`);
        }
      }
    }
  }
  if (file in PUBLIC_ROUTES) return found;
  const wrapper = wrapperFor(file);
  let handlers = 0;
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (
      ts.isFunctionDeclaration(statement) &&
      exported &&
      METHODS.includes(statement.name?.text ?? "")
    )
      found.push(`${statement.name?.text} is a plain function, not ${wrapper}(…)`);
    if (!ts.isVariableStatement(statement) || !exported) continue;
    for (const declaration of statement.declarationList.declarations) {
      const name = declaration.name.getText();
      if (!METHODS.includes(name)) continue;
      handlers += 1;
      const init = declaration.initializer;
      const callee = init && ts.isCallExpression(init) ? init.expression.getText() : null;
      if (callee !== wrapper) found.push(`${name} is not built with ${wrapper}(…)`);
    }
  }
  if (handlers === 0) found.push("exports no handler built with a wrapper");
  return found;
}

describe("route handlers", () => {
  it("are found, /api/v1 and the dashboard's own", () => {
    expect(routes).toContain("app/api/v1/contacts/route.ts");
    expect(routes).toContain("app/(dashboard)/contacts/export/route.ts");
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it.each(routes)("%s owns no authentication", (file) => {
    expect(problems(file)).toEqual([]);
  });

  it("catches a route that checks the session or the key itself", () => {
    expect(
      problems(
        "app/(dashboard)/x/route.ts",
        `import { getSessionContext } from "@/lib/auth/session";
         import { route } from "@/lib/http/route";
         export const GET = route(async () => Response.json(await getSessionContext()));`,
      ),
    ).toEqual(["imports getSessionContext", "GET is not built with sessionRoute(…)"]);
    expect(
      problems(
        "app/api/v1/x/route.ts",
        `import { authenticateApiKey as check } from "@/lib/api-keys/authenticate";
         import { sessionRoute } from "@/lib/http/session-route";
         export const GET = sessionRoute({ permission: "org.read" }, async () => new Response());
         export async function POST() { await check(null, "org:read"); return new Response(); }`,
      ),
    ).toEqual([
      "imports authenticateApiKey",
      "GET is not built with apiRoute(…)",
      "POST is a plain function, not apiRoute(…)",
    ]);
    expect(
      problems(
        "app/api/v1/x/route.ts",
        `import { auth } from "@/lib/auth/auth";
         import { apiRoute } from "@/lib/http/api-route";
         export const GET = apiRoute({ scope: "org:read" }, async () => Response.json(await auth()));`,
      ),
    ).toEqual(["imports auth"]);
  });
});
