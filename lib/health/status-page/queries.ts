import "server-only";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { healthSettings, incidents, orgs } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withSystem, withTenant, type TenantTx } from "@/lib/db/scopes";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { currentComponents } from "../components/current";
import { openFirst, updatesOf } from "../incidents/queries";
import { uptimeOf } from "../uptime/queries";

/**
 * The public status page of `slug`, or null when there is none (no such org, its page is off, or
 * its status-page flag is off).
 * The org is found across tenants by its slug (the one system read); the rest is read in its own
 * tenant scope. Only components, incident titles, updates and uptime: no contact, no person.
 */
export async function getPublicStatus(slug: string) {
  const org = await withSystem("status page: org by slug", async (tx) => {
    const [row] = await tx
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .innerJoin(healthSettings, eq(healthSettings.orgId, orgs.id))
      .where(and(eq(orgs.slug, slug), eq(healthSettings.statusPageEnabled, true)));
    return row ?? null;
  });
  // The page does not exist while the status-page flag is off for the org (a 404, as for an
  // unknown slug); with the page cache (./cache.ts), a flag turned off takes effect within 30 s.
  // The flag is read beside the page (its own transaction, in parallel): a page read for nothing
  // while the flag is off costs less than waiting for the flag on every read.
  if (!org) return null;
  const [enabled, page] = await Promise.all([
    isFeatureEnabled(org.id, FLAGS.statusPage.key),
    readPage(org),
  ]);
  return enabled ? page : null;
}

/** The page of `org` (found by its slug, its page on), read in the org's own tenant scope. */
async function readPage(org: { id: string; name: string }) {
  return withTenant(systemContext("status page", { id: org.id }), async (tx) => {
    // Sent together: postgres.js pipelines a transaction's queries on its one connection.
    const [current, { shown, updates }, uptime] = await Promise.all([
      currentComponents(tx),
      shownIncidents(tx),
      uptimeOf(tx),
    ]);
    const components = current
      .filter((c) => c.applicable)
      .map((c) => ({ component: c.component, status: c.status, since: c.since }));
    return {
      name: org.name,
      components,
      incidents: shown.map((i) => ({
        id: i.id,
        title: i.title,
        component: i.component,
        status: i.status,
        impact: i.impact,
        startedAt: i.startedAt,
        resolvedAt: i.resolvedAt,
        updates: updates
          .filter((u) => u.incidentId === i.id)
          .map((u) => ({ id: u.id, status: u.status, body: u.body, createdAt: u.createdAt })),
      })),
      uptime: uptime.filter((u) => components.some((c) => c.component === u.component)),
    };
  });
}

/** Open incidents and those resolved in the last 7 days (10 at most), with their updates. */
async function shownIncidents(tx: TenantTx) {
  const shown = await tx
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.orgId, tx.orgId),
        or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, sql`now() - interval '7 days'`)),
      ),
    )
    .orderBy(...openFirst)
    .limit(10);
  const updates = await updatesOf(
    tx,
    shown.map((i) => i.id),
    false,
  );
  return { shown, updates };
}
