import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createDatabase } from "@/lib/db/admin";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";

export const DATA_DIR = path.resolve(".data");

/** Loads .env / .env.local into process.env when present (real environment variables win). */
export function loadDotEnv() {
  for (const file of [".env.local", ".env"]) {
    if (existsSync(file)) process.loadEnvFile(file);
  }
}

/** A secret generated once per checkout into .data/, for local runs only. */
export async function localSecret(
  name: string,
  generate: () => string = () => randomBytes(32).toString("base64url"),
): Promise<string> {
  const file = path.join(DATA_DIR, name);
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(DATA_DIR, { recursive: true });
  const value = generate();
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/**
 * DATABASE_URL when configured; otherwise the embedded server under .data/pg. For the embedded
 * server, the password of the app's login roles (luneo_app, luneo_system: docs/adr/0009) is
 * generated once into .data/ and put in DATABASE_ROLE_PASSWORD, where the migrate step sets it and
 * the app's pools read it.
 */
export async function ensureDatabase(): Promise<{ url: string; embedded: EmbeddedServer | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "pg"), port });
  await createDatabase(embedded.url("postgres"), "luneo");
  process.env.DATABASE_ROLE_PASSWORD ??= await localSecret("db-role-password");
  return { url: embedded.url("luneo"), embedded };
}
