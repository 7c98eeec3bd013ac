import "server-only";
import { asc, desc, eq, sql } from "drizzle-orm";
import { memberships, orgs, orgVerticals } from "@/db/schema";
import type { StaffMember } from "./actor";
import { withStaff } from "./scope";

export type StaffOrgRow = {
  id: string;
  name: string;
  /** The chosen trade's template slug, or null before the org chose one. */
  vertical: string | null;
  createdAt: Date;
  memberCount: number;
};

/** Every org, newest first, for the /staff overview: a cross-org read, so it goes through withStaff. */
export async function listOrgsForStaff(staff: StaffMember): Promise<StaffOrgRow[]> {
  return withStaff(
    staff,
    { what: "orgs.overview", reason: "staff overview lists every org" },
    (tx) =>
      tx
        .select({
          id: orgs.id,
          name: orgs.name,
          vertical: orgVerticals.templateSlug,
          createdAt: orgs.createdAt,
          memberCount: sql<number>`(select count(*)::int from ${memberships} m where m.org_id = ${orgs.id})`,
        })
        .from(orgs)
        .leftJoin(orgVerticals, eq(orgVerticals.orgId, orgs.id))
        .orderBy(desc(orgs.createdAt), asc(orgs.id)),
  );
}
