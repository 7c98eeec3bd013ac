import "server-only";
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { incidents, incidentUpdates, orgs, users, type Incident } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { decodeCursor, keysetPage, olderThan } from "@/lib/pagination";

// Read verbs of incidents: the list, one incident with its timeline, the header's banner, and
// the helpers the overview, the API and the status page share. No contact data is read here.

/** The org's time zone: pages show moments as the business reads them. */
export async function timezoneOf(tx: TenantTx): Promise<string> {
  const [row] = await tx
    .select({ timezone: orgs.timezone })
    .from(orgs)
    .where(eq(orgs.id, tx.orgId));
  return row?.timezone ?? "UTC";
}

export const openFirst = [
  desc(isNull(incidents.resolvedAt)),
  desc(incidents.startedAt),
  desc(incidents.id),
];

/** The header's banner: the open incidents' titles (every dashboard page asks; one small query). */
export async function openIncidentsForBanner(ctx: TenantContext) {
  if (!ctx.actor.permissions.includes("health.read")) return [];
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: incidents.id, title: incidents.title, impact: incidents.impact })
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), isNull(incidents.resolvedAt)))
      .orderBy(desc(incidents.startedAt))
      .limit(3),
  );
}

const PAGE = 25;

/** Incidents, open first then newest; `status` filters; keyset pages on (started_at, id). */
export async function listIncidents(
  ctx: TenantContext,
  { status, cursor }: { status?: "open" | "resolved"; cursor?: string } = {},
) {
  requirePermission(ctx, "health.read");
  const after = decodeCursor(cursor);
  let timezone = "UTC";
  const rows = await withTenant(ctx, async (tx) => {
    timezone = await timezoneOf(tx);
    return tx
      .select()
      .from(incidents)
      .where(
        and(
          eq(incidents.orgId, tx.orgId),
          status === "open" ? isNull(incidents.resolvedAt) : undefined,
          status === "resolved" ? isNotNull(incidents.resolvedAt) : undefined,
          olderThan(incidents.startedAt, incidents.id, after),
        ),
      )
      .orderBy(desc(incidents.startedAt), desc(incidents.id))
      .limit(PAGE + 1);
  });
  const { page, nextCursor } = keysetPage(rows, PAGE, (r) => ({ at: r.startedAt, id: r.id }));
  return { incidents: page, nextCursor, timezone };
}

export type IncidentDetail = Incident & {
  timezone: string;
  updates: {
    id: string;
    status: Incident["status"];
    body: string;
    createdAt: Date;
    author: string | null;
  }[];
};

/** The updates of `ids`, newest first; authors' names only where a member reads them. */
export async function updatesOf(tx: TenantTx, ids: string[], withAuthors: boolean) {
  if (ids.length === 0) return [];
  return tx
    .select({
      incidentId: incidentUpdates.incidentId,
      id: incidentUpdates.id,
      status: incidentUpdates.status,
      body: incidentUpdates.body,
      createdAt: incidentUpdates.createdAt,
      author: withAuthors ? users.name : sql<string | null>`null`,
    })
    .from(incidentUpdates)
    .leftJoin(users, eq(users.id, incidentUpdates.authorId))
    .where(and(eq(incidentUpdates.orgId, tx.orgId), inArray(incidentUpdates.incidentId, ids)))
    .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id));
}

export async function getIncident(ctx: TenantContext, id: string): Promise<IncidentDetail | null> {
  requirePermission(ctx, "health.read");
  return withTenant(ctx, async (tx) => {
    const [incident] = await tx
      .select()
      .from(incidents)
      .where(and(eq(incidents.orgId, tx.orgId), eq(incidents.id, id)));
    if (!incident) return null;
    const updates = await updatesOf(tx, [id], true);
    return { ...incident, updates, timezone: await timezoneOf(tx) };
  });
}
