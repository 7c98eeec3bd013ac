import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, withAdmin, withDatabaseUrl } from "../lib/db/admin";
import { startEmbeddedPostgres, type EmbeddedServer } from "../lib/db/embedded";
import { runMigrations } from "../lib/db/migrate";
import { localSecret } from "../scripts/local-env";

// Runs once per `vitest run`, in the main process. It picks the PostgreSQL server, builds one
// migrated template database, and hands both names to the test files (test/db.ts clones the
// template once per file, which takes milliseconds where migrating would take seconds).
//
// Server: DATABASE_URL when set (CI, the machine's PostgreSQL; only its host and credentials are
// used, never the database it names), otherwise an embedded PostgreSQL under .data/test-pg.

declare module "vitest" {
  export interface ProvidedContext {
    /** A URL of the server; test/db.ts swaps in the database name. */
    pgServerUrl: string;
    /** The migrated template database of this run. */
    pgTemplate: string;
    /** Prefix of every database this run creates, so teardown drops exactly those. */
    pgClonePrefix: string;
    /** The password of the login roles luneo_app/luneo_system ("" when the server trusts). */
    pgRolePassword: string;
  }
}

const EMBEDDED = { dataDir: ".data/test-pg", port: 54330 } as const;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Drops databases left by runs that were killed before their teardown (Ctrl-C, OOM). Only on a
 * server on this machine, where the pid in a database's name means something.
 */
async function dropLeftovers(serverUrl: string): Promise<void> {
  const host = new URL(serverUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) return;
  await withAdmin(serverUrl, async (sql) => {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where datname ~ '^luneo_(tpl|t)_[0-9]+_'`;
    for (const { datname } of rows) {
      const pid = Number(/^luneo_(?:tpl|t)_(\d+)_/.exec(datname)?.[1]);
      if (pid && !processAlive(pid)) {
        await sql.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
      }
    }
  });
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | undefined;
  let serverUrl = process.env.DATABASE_URL;
  // The app's pools log in as luneo_app/luneo_system (docs/adr/0009). The embedded server checks
  // passwords: one is generated into .data/ like the other local secrets. A DATABASE_URL server
  // uses DATABASE_ROLE_PASSWORD when given (none with trust auth, as in CI).
  let rolePassword = process.env.DATABASE_ROLE_PASSWORD;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres(EMBEDDED);
    serverUrl = embedded.url("postgres");
    rolePassword = await localSecret("db-role-password");
  }

  // Unique per run: two runs against the same server (two terminals, CI jobs) never collide.
  const runId = `${process.pid}_${randomBytes(3).toString("hex")}`;
  const template = `luneo_tpl_${runId}`;
  const clonePrefix = `luneo_t_${runId}_`;

  try {
    await dropLeftovers(serverUrl);
    await createDatabase(serverUrl, template);
    await runMigrations(withDatabaseUrl(serverUrl, template), rolePassword ? { rolePassword } : {});
  } catch (error) {
    await dropDatabase(serverUrl, template).catch(() => {});
    await embedded?.stop();
    const where = embedded ? `the embedded server on port ${EMBEDDED.port}` : "DATABASE_URL";
    throw new Error(`Test database setup failed on ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", template);
  project.provide("pgClonePrefix", clonePrefix);
  project.provide("pgRolePassword", rolePassword ?? "");

  return async function teardown() {
    try {
      await withAdmin(serverUrl, async (sql) => {
        const clones = await sql<{ datname: string }[]>`
          select datname from pg_database where starts_with(datname, ${clonePrefix})`;
        for (const { datname } of clones) {
          await sql.unsafe(`drop database if exists "${datname}" with (force)`);
        }
        await sql.unsafe(`drop database if exists "${template}" with (force)`);
      });
    } finally {
      await embedded?.stop();
    }
  };
}
