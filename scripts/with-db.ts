// Runs a command (next dev / next start) against a ready database:
//   DATABASE_URL set  → that database, migrated; nothing embedded starts.
//   otherwise         → embedded PostgreSQL under .data/pg, migrated and seeded with the demo org.
// Usage: tsx --conditions=react-server scripts/with-db.ts [--seed] -- <command…>
import { spawn } from "node:child_process";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { runMigrations } from "@/lib/db/migrate";
import { defaultPublicUrl } from "@/lib/env";
import { ensureDatabase, loadDotEnv, localSecret } from "./local-env";

const args = process.argv.slice(2);
const separator = args.indexOf("--");
const flags = separator === -1 ? args : args.slice(0, separator);
const command = separator === -1 ? [] : args.slice(separator + 1);
if (command.length === 0) {
  console.error("usage: with-db.ts [--seed] -- <command…>");
  process.exit(2);
}

loadDotEnv();
const { url, embedded } = await ensureDatabase();
process.env.DATABASE_URL = url;
if (embedded) {
  // Local runs need no configuration: secrets are generated once into .data/.
  process.env.AUTH_SECRET ??= await localSecret("auth-secret");
  process.env.LUNEO_ENCRYPTION_KEY ??= await localSecret("encryption-key", generateKeyRingValue);
}
process.env.AUTH_TRUST_HOST ??= "true";
// Sign-in redirects go to PUBLIC_URL (lib/auth/redirect.ts); the URLs printed here, shown on the
// Channels page and used by "Send a test event" follow the port the app is started on
// (PORT=3300 npm run dev) unless a public URL is configured.
process.env.PUBLIC_URL ||= defaultPublicUrl(process.env);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

await runMigrations(url);
console.log(
  `› Database ready (${embedded ? "embedded PostgreSQL in .data/pg" : "DATABASE_URL"}), migrations applied.`,
);

if (flags.includes("--seed") && (embedded || process.env.SEED_DEMO === "1")) {
  const { seedDemo, DEMO_OWNER, DEMO_MEMBER } = await import("@/db/seed");
  const { closeDb } = await import("@/db");
  const outcome = await seedDemo();
  await closeDb();
  console.log(
    `› Demo org ${outcome === "created" ? "created" : "ready"}. Sign in at ${process.env.PUBLIC_URL}/sign-in`,
  );
  console.log(
    `    owner:  ${DEMO_OWNER.email} / ${DEMO_OWNER.password}  (also Luneo staff: /staff)`,
  );
  console.log(`    member: ${DEMO_MEMBER.email} / ${DEMO_MEMBER.password}`);
}

const [bin, ...rest] = command as [string, ...string[]];
const child = spawn(bin, rest, {
  stdio: "inherit",
  env: process.env,
  shell: process.platform === "win32",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", async (code) => {
  await embedded?.stop();
  process.exit(code ?? 0);
});
