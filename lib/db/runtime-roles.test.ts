import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type postgres from "postgres";
import { getClient, getSystemClient } from "@/db";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase, ownerSql } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";

await setupFreshDatabase();

// The app's pools log in as luneo_app and luneo_system (docs/adr/0009). Whatever SQL a query on
// them runs — an injection included — it cannot leave the role it logged in as: RESET ROLE returns
// to that same role, and no other role (the owner, a superuser, the other luneo role) can be
// reached with SET ROLE or SET SESSION AUTHORIZATION.

const INSUFFICIENT_PRIVILEGE = "42501";

let a: TestOwner;
let b: TestOwner;
let ownerName: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  const [row] = await ownerSql()<{ name: string }[]>`select current_user as name`;
  ownerName = row!.name;
});

afterAll(() => stopBoss());

/** The SQLSTATE a statement fails with on `sql`, or null when it succeeds. */
async function refusal(sql: postgres.Sql, statement: string): Promise<string | null> {
  return sql
    .begin((tx) => tx.unsafe(statement))
    .then(
      () => null,
      (error: { code?: string }) => error.code ?? "no code",
    );
}

/** Runs an "injected" script in a tenant transaction of org A, returning its last result. */
async function injectedInTenantA(script: string): Promise<Record<string, unknown>[]> {
  return getClient().sql.begin(async (tx) => {
    await tx`select set_config('role', 'luneo_app', true), set_config('app.org_id', ${a.orgId}, true)`;
    // A multi-statement simple query, as an injection would send it; postgres.js returns one
    // result per statement.
    const results = (await tx.unsafe(script)) as unknown as Record<string, unknown>[][];
    return results.at(-1) ?? [];
  });
}

describe("the login roles", () => {
  it("each pool logs in as its role, not as the owner", async () => {
    const [app] = await getClient().sql`select session_user as s, current_user as c`;
    const [system] = await getSystemClient().sql`select session_user as s, current_user as c`;
    expect(app).toEqual({ s: "luneo_app", c: "luneo_app" });
    expect(system).toEqual({ s: "luneo_system", c: "luneo_system" });
    expect(ownerName).not.toBe("luneo_app");
  });

  it("the job queue logs in as luneo_system, not as the owner", async () => {
    const boss = await getBoss();
    const sessions = await boss
      .getDb()
      .executeSql("select session_user as s, current_user as c", []);
    expect(sessions.rows).toEqual([{ s: "luneo_system", c: "luneo_system" }]);
  });

  it("are neither superusers nor able to bypass RLS, create roles or databases", async () => {
    const rows = await ownerSql()<
      {
        rolname: string;
        rolsuper: boolean;
        rolbypassrls: boolean;
        rolcreaterole: boolean;
        rolcreatedb: boolean;
      }[]
    >`select rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles
       where rolname in ('luneo_app', 'luneo_system') order by rolname`;
    expect(rows).toEqual(
      ["luneo_app", "luneo_system"].map((rolname) => ({
        rolname,
        rolsuper: false,
        rolbypassrls: false,
        rolcreaterole: false,
        rolcreatedb: false,
      })),
    );
  });

  it("cannot become the owner, a superuser or each other", async () => {
    const app = getClient().sql;
    const system = getSystemClient().sql;
    for (const sql of [app, system]) {
      expect(await refusal(sql, `set role "${ownerName}"`)).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await refusal(sql, "set role postgres")).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await refusal(sql, `set session authorization "${ownerName}"`)).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await refusal(sql, "select set_config('role', 'postgres', false)")).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
    }
    expect(await refusal(app, "set role luneo_system")).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await refusal(app, "select set_config('role', 'luneo_system', true)")).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await refusal(system, "set role luneo_app")).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it("cannot read the password hashes, server files, or change the schema", async () => {
    for (const sql of [getClient().sql, getSystemClient().sql]) {
      expect(await refusal(sql, "select rolpassword from pg_authid")).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await refusal(sql, "select pg_read_file('PG_VERSION')")).toBe(INSUFFICIENT_PRIVILEGE);
      expect(await refusal(sql, "create table public.planted (x int)")).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await refusal(sql, "alter table orgs disable row level security")).toBe(
        INSUFFICIENT_PRIVILEGE,
      );
      expect(await refusal(sql, "copy (select 1) to program 'true'")).toBe(INSUFFICIENT_PRIVILEGE);
    }
  });
});

describe("an injection on the tenant pool", () => {
  it("still sees one org after RESET ROLE", async () => {
    const rows = await injectedInTenantA(
      "reset role; select current_user as role, id::text as org from orgs",
    );
    expect(rows).toEqual([{ role: "luneo_app", org: a.orgId }]);
    // B's rows exist: the owner sees them.
    const [seenByOwner] =
      await ownerSql()`select count(*)::int as n from orgs where id = ${b.orgId}`;
    expect(seenByOwner?.n).toBe(1);
  });

  it("gains nothing from RESET SESSION AUTHORIZATION or SET ROLE NONE", async () => {
    const rows = await injectedInTenantA(
      "reset session authorization; set role none; " +
        "select current_user as role, count(*)::int as n from memberships where org_id <> luneo_current_org()",
    );
    expect(rows).toEqual([{ role: "luneo_app", n: 0 }]);
  });

  it("cannot read any org's queued jobs (only insert them)", async () => {
    expect(await refusal(getClient().sql, "select data from pgboss.job")).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    expect(await refusal(getClient().sql, "update pgboss.job set state = 'cancelled'")).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });

  it("outside a scope, sees no org and no member at all", async () => {
    const [row] = await getClient().sql<{ orgs: number; members: number }[]>`
      select (select count(*)::int from orgs) as orgs, (select count(*)::int from memberships) as members`;
    expect(row).toEqual({ orgs: 0, members: 0 });
  });
});
