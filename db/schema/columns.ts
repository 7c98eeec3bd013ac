import { uuid } from "drizzle-orm/pg-core";
import { orgs } from "./tenancy";

/**
 * The first column of every tenant table (docs/architecture.md, "Tenancy"): the owning org, deleted with it.
 * Each table also needs `luneo_protect_tenant_table()` in its migration (db/catalogue.test.ts).
 */
export const tenantOrgId = () =>
  uuid()
    .notNull()
    .references(() => orgs.id, { onDelete: "cascade" });
