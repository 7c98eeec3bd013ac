import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { contactImports, contacts, incidents, webhookEvents } from "@/db/schema";
import { hasPermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";

// Why this exists: a page under a loading.tsx boundary streams its frame before it runs, so its
// own notFound() can only show the not-found page with a 200 status already sent. The dashboard
// layout runs before that boundary: for a document request to a page about one record it asks
// here whether the record exists in the org, and answers a real 404 when it does not. The pages
// keep their own notFound() for client-side navigation, where the layout does not run again.

const uuid = z.uuid();

type Check = {
  path: RegExp;
  permission: Parameters<typeof hasPermission>[1];
  exists: (ctx: TenantContext, id: string) => Promise<boolean>;
};

const rowExists = async (ctx: TenantContext, query: Parameters<typeof withTenant>[1]) =>
  ((await withTenant(ctx, query)) as unknown[]).length > 0;

const CHECKS: Check[] = [
  {
    path: /^\/contacts\/([^/]+)(?:\/merge)?\/?$/,
    permission: "contacts.read",
    exists: (ctx, id) =>
      rowExists(ctx, (tx) =>
        tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.orgId, ctx.org.id), eq(contacts.id, id))),
      ),
  },
  {
    path: /^\/contacts\/imports\/([^/]+)\/?$/,
    permission: "contacts.import",
    exists: (ctx, id) =>
      rowExists(ctx, (tx) =>
        tx
          .select({ id: contactImports.id })
          .from(contactImports)
          .where(and(eq(contactImports.orgId, ctx.org.id), eq(contactImports.id, id))),
      ),
  },
  {
    path: /^\/settings\/webhooks\/([^/]+)\/?$/,
    permission: "webhooks.read",
    exists: (ctx, id) =>
      rowExists(ctx, (tx) =>
        tx
          .select({ id: webhookEvents.id })
          .from(webhookEvents)
          .where(and(eq(webhookEvents.orgId, ctx.org.id), eq(webhookEvents.id, id))),
      ),
  },
  {
    path: /^\/health\/incidents\/([^/]+)\/?$/,
    permission: "health.read",
    exists: (ctx, id) =>
      rowExists(ctx, (tx) =>
        tx
          .select({ id: incidents.id })
          .from(incidents)
          .where(and(eq(incidents.orgId, ctx.org.id), eq(incidents.id, id))),
      ),
  },
];

/**
 * True when `pathname` is a dashboard page about one record (a contact, an import, a webhook
 * event) that the org does not have. A person without the page's permission gets the page's own
 * "not allowed" answer instead: existence is not probed for them.
 */
export async function isMissingDocument(
  ctx: TenantContext,
  pathname: string | null,
): Promise<boolean> {
  if (!pathname) return false;
  for (const check of CHECKS) {
    const match = check.path.exec(pathname);
    if (!match) continue;
    // "/contacts/import" (the upload page) is not a contact id.
    if (match[1] === "import" || match[1] === "imports") return false;
    if (!hasPermission(ctx, check.permission)) return false;
    const id = match[1]!;
    return !uuid.safeParse(id).success || !(await check.exists(ctx, id));
  }
  return false;
}
