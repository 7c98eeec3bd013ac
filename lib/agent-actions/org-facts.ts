import "server-only";
import { and, eq } from "drizzle-orm";
import { memberships, orgs, orgVerticals, users } from "@/db/schema";
import type { VerticalContent } from "@/lib/verticals/content";
import type { TenantTx } from "@/lib/db/scopes";

// Small reads the executors share, inside the action's transaction.

export async function orgFacts(tx: TenantTx): Promise<{ name: string; timezone: string }> {
  const [org] = await tx
    .select({ name: orgs.name, timezone: orgs.timezone })
    .from(orgs)
    .where(eq(orgs.id, tx.orgId));
  return org ?? { name: "", timezone: "UTC" };
}

export async function resolvedVertical(tx: TenantTx): Promise<VerticalContent | null> {
  const [row] = await tx
    .select({ resolved: orgVerticals.resolved })
    .from(orgVerticals)
    .where(eq(orgVerticals.orgId, tx.orgId));
  return (row?.resolved as VerticalContent | null) ?? null;
}

/** A teammate of the org, with the name tasks show; null when they are not (or no longer) one. */
export async function teammate(
  tx: TenantTx,
  userId: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, tx.orgId), eq(memberships.userId, userId)));
  return row ? { id: row.id, name: row.name || row.email } : null;
}

/** "Friday 12 June at 10:00", in the org's time zone. */
export function spokenDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(at);
}
