import type postgres from "postgres";
import { describe, expect, it } from "vitest";
import { ownerSql, setupFreshDatabase } from "@/test/db";

await setupFreshDatabase();

// The tenancy rules of docs/architecture.md ("Tenancy"), read back from the migrated database itself, so a
// migration that forgets one fails here rather than in a security review.

type TableFacts = { table: string; rls: boolean; forced: boolean; hasOrgId: boolean };
type IndexFacts = {
  table: string;
  index: string;
  unique: boolean;
  primary: boolean;
  firstColumn: string;
};
type PolicyFacts = {
  table: string;
  policy: string;
  roles: string[];
  qual: string | null;
  withCheck: string | null;
};

// Indexes on tenant tables allowed not to lead with org_id, each with its reason.
const INDEXES_NOT_LEADING_WITH_ORG = new Set([
  // "Which orgs is this user in" at every sign-in (db/schema/tenancy.ts, ADR 0002).
  "memberships_user_id_idx",
]);

async function readCatalogue(sql: postgres.Sql | postgres.TransactionSql) {
  const tables = await sql<TableFacts[]>`
    select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped) as "hasOrgId"
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by 1`;
  const indexes = await sql<IndexFacts[]>`
    select t.relname as "table", ic.relname as index, i.indisunique as unique, i.indisprimary as primary,
           pg_get_indexdef(i.indexrelid, 1, true) as "firstColumn"
      from pg_index i
      join pg_class t on t.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = 'public'
     order by 1, 2`;
  const policies = await sql<PolicyFacts[]>`
    select tablename as "table", policyname as policy, roles::text[] as roles, qual, with_check as "withCheck"
      from pg_policies where schemaname = 'public' order by 1, 2`;
  return { tables, indexes, policies };
}

/** Every way the catalogue breaks the rules, as readable lines (empty when all is well). */
function violations({
  tables,
  indexes,
  policies,
}: Awaited<ReturnType<typeof readCatalogue>>): string[] {
  const found: string[] = [];
  const tenantTables = new Set(tables.filter((t) => t.hasOrgId).map((t) => t.table));
  for (const t of tables) {
    if (!t.rls) found.push(`${t.table}: row-level security is not enabled`);
    if (!t.forced) found.push(`${t.table}: row-level security is not forced`);
    if (!policies.some((p) => p.table === t.table)) found.push(`${t.table}: has no policy`);
  }
  for (const table of tenantTables) {
    if (!indexes.some((i) => i.table === table && i.primary))
      found.push(`${table}: has no primary key`);
    const isolation = policies.find((p) => p.table === table && p.policy === "tenant_isolation");
    if (
      !isolation ||
      !isolation.roles.includes("luneo_app") ||
      !isolation.qual?.includes("luneo_current_org()") ||
      !isolation.withCheck?.includes("luneo_current_org()")
    ) {
      found.push(`${table}: no tenant_isolation policy for luneo_app on luneo_current_org()`);
    }
  }
  for (const i of indexes) {
    if (!tenantTables.has(i.table) || i.firstColumn === "org_id") continue;
    if (i.primary) found.push(`${i.table}: primary key ${i.index} does not lead with org_id`);
    else if (i.unique) found.push(`${i.table}: unique index ${i.index} does not lead with org_id`);
    else if (!INDEXES_NOT_LEADING_WITH_ORG.has(i.index))
      found.push(`${i.table}: index ${i.index} does not lead with org_id`);
  }
  return found;
}

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back (DDL included). */
async function inRolledBackTransaction(work: (sql: postgres.TransactionSql) => Promise<void>) {
  await ownerSql()
    .begin(async (sql) => {
      await work(sql);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
}

describe("database catalogue", () => {
  it("sees the tables it is meant to check", async () => {
    const { tables } = await readCatalogue(ownerSql());
    const names = tables.map((t) => t.table);
    expect(names).toEqual(
      expect.arrayContaining([
        "orgs",
        "users",
        "memberships",
        "invitations",
        "api_keys",
        "audit_log",
        "rate_limits",
        "account_messages",
        "password_resets",
        "email_verifications",
        "platform_staff",
        "platform_audit_log",
      ]),
    );
    expect(tables.filter((t) => t.hasOrgId).map((t) => t.table)).toEqual(
      expect.arrayContaining([
        "memberships",
        "invitations",
        "api_keys",
        "audit_log",
        "outbox_messages",
      ]),
    );
  });

  it("enables and forces row-level security on every table, with tenant keys leading with org_id", async () => {
    expect(violations(await readCatalogue(ownerSql()))).toEqual([]);
  });

  it("enables and forces RLS on the global tables too (users, orgs, rate_limits, account mail and links, platform staff and audit)", async () => {
    const { tables } = await readCatalogue(ownerSql());
    for (const name of [
      "users",
      "orgs",
      "rate_limits",
      "account_messages",
      "password_resets",
      "email_verifications",
      "platform_staff",
      "platform_audit_log",
    ]) {
      expect(tables.find((t) => t.table === name)).toMatchObject({ rls: true, forced: true });
    }
  });

  // The checks above are only worth something if they can fail: a table added without the
  // protect-tenant-table call, with keys that do not lead with org_id, must be reported.
  it("reports a new table that forgot RLS or puts org_id second", async () => {
    await inRolledBackTransaction(async (sql) => {
      await sql`create table public.forgot_rls (org_id uuid not null, id uuid not null, code text not null, primary key (id, org_id))`;
      await sql`create unique index forgot_rls_code_key on public.forgot_rls (code)`;
      await sql`create table public.half_protected (org_id uuid not null, id uuid not null, primary key (org_id, id))`;
      await sql`alter table public.half_protected enable row level security`;
      const found = violations(await readCatalogue(sql));
      expect(found).toEqual(
        expect.arrayContaining([
          "forgot_rls: row-level security is not enabled",
          "forgot_rls: row-level security is not forced",
          "forgot_rls: has no policy",
          "forgot_rls: primary key forgot_rls_pkey does not lead with org_id",
          "forgot_rls: unique index forgot_rls_code_key does not lead with org_id",
          "forgot_rls: no tenant_isolation policy for luneo_app on luneo_current_org()",
          "half_protected: row-level security is not forced",
          "half_protected: no tenant_isolation policy for luneo_app on luneo_current_org()",
        ]),
      );
      expect(found.filter((line) => !/^(forgot_rls|half_protected):/.test(line))).toEqual([]);
    });
    // And the migration's helper makes such a table pass.
    await inRolledBackTransaction(async (sql) => {
      await sql`create table public.protected (org_id uuid not null, id uuid not null, primary key (org_id, id))`;
      await sql`select luneo_protect_tenant_table('public.protected')`;
      expect(violations(await readCatalogue(sql))).toEqual([]);
    });
  });
});
