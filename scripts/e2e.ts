// npm run test:e2e — Playwright against the production build, on a fresh database.
//   DATABASE_URL set → a new database on that server; otherwise the embedded server in .data/pg.
// The server logs in as luneo_app/luneo_system with DATABASE_ROLE_PASSWORD (generated into .data/
// for the embedded server by ensureDatabase; none with trust auth), like `npm run dev`.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createDatabase, dropDatabase, withDatabaseUrl } from "@/lib/db/admin";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { runMigrations } from "@/lib/db/migrate";
import { ensureDatabase, loadDotEnv } from "./local-env";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `Chromium was not found at ${chromium}.\n` +
      `Install it with:  sudo apt-get install -y chromium   (Debian/Ubuntu)\n` +
      `or point CHROMIUM_PATH at a Chromium or Chrome binary. (Playwright's own browser download is not used.)`,
  );
  process.exit(1);
}

loadDotEnv();
const { url: serverUrl, embedded } = await ensureDatabase();
const database = `luneo_e2e_${Date.now()}_${randomBytes(2).toString("hex")}`;
await createDatabase(serverUrl, database);
const url = withDatabaseUrl(serverUrl, database);
await runMigrations(url);

const port = process.env.E2E_PORT ?? "3100";
const env = {
  ...process.env,
  DATABASE_URL: url,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  LUNEO_ENCRYPTION_KEY: generateKeyRingValue("e2e"),
  AUTH_TRUST_HOST: "true",
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  CHROMIUM_PATH: chromium,
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};

if (!existsSync(".next/BUILD_ID") || process.env.E2E_BUILD === "1") {
  console.log("› No production build found: running next build");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const run = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
await dropDatabase(serverUrl, database).catch(() => {});
await embedded?.stop();
process.exit(run.status ?? 1);
