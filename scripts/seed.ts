// npm run db:seed — adds the demo org to DATABASE_URL (idempotent).
import { closeDb } from "@/db";
import { stopBoss } from "@/lib/jobs/boss";
import { DEMO_OWNER, seedDemo } from "@/db/seed";
import { generateKeyRingValue } from "@/lib/crypto/secrets";

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(1);
}
process.env.AUTH_SECRET ??= "seed-script-does-not-sign-sessions-000000";
// The seed writes no provider credentials, so a throwaway key satisfies env() here.
process.env.LUNEO_ENCRYPTION_KEY ??= generateKeyRingValue("seed");
const outcome = await seedDemo();
console.log(
  outcome === "created"
    ? `Demo org created. Sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`
    : "Demo org already present.",
);
// The invitation mail started pg-boss: stop it, or its timers keep the script running.
await stopBoss();
await closeDb();
