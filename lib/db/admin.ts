import postgres from "postgres";

// Server-level chores (create/drop/clone databases) through a short-lived connection.

export function withDatabaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withAdmin<T>(
  serverUrl: string,
  work: (sql: postgres.Sql) => Promise<T>,
): Promise<T> {
  const sql = postgres(withDatabaseUrl(serverUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function databaseExists(sql: postgres.Sql, name: string): Promise<boolean> {
  const rows = await sql`select 1 from pg_database where datname = ${name}`;
  return rows.length > 0;
}

export async function createDatabase(
  serverUrl: string,
  name: string,
  template?: string,
): Promise<void> {
  await withAdmin(serverUrl, async (sql) => {
    if (await databaseExists(sql, name)) return;
    await sql.unsafe(`create database "${name}"${template ? ` template "${template}"` : ""}`);
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}
