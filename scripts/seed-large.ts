// npm run seed:large — one tenant with 100,000 contacts, about 1,000,000 messages and 200,000 learning
// signals (2 per contact, with their gaps) (plus a small second tenant), for `npm run bench:queries` and for seeing the dashboard at scale. Uses DATABASE_URL, or
// the embedded server of `npm run dev` (.data/pg). Safe to run twice: existing tenants are kept.
//   npm run seed:large -- --contacts 20000     (a smaller run)
import { eq, sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { memberships, orgs, users } from "@/db/schema";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { runMigrations } from "@/lib/db/migrate";
import { withSystem } from "@/lib/db/scopes";
import { chooseVertical } from "@/lib/onboarding/service";
import { generateLearningData } from "@/lib/seed/large-learning";
import { generateTenantData } from "@/lib/seed/large-tenant";
import { seedLargeTenantHealth } from "@/lib/seed/large-health";
import { seedRoiHistory } from "@/lib/seed/roi-history";
import { resolveUserContext } from "@/lib/tenancy/context";
import { signUp } from "@/lib/tenancy/sign-up";
import { ensureDatabase, loadDotEnv, localSecret } from "./local-env";

export const LARGE_OWNER = {
  email: "large@luneo.dev",
  name: "Lara Large",
  orgName: "Harbour Estates (100k)",
  country: "FR",
  timezone: "Europe/Paris",
};
export const SMALL_OWNER = {
  email: "small@luneo.dev",
  name: "Sam Small",
  orgName: "Corner Shop (1k)",
  country: "FR",
  timezone: "Europe/Paris",
};
const PASSWORD = "luneo-demo-password";

const flag = process.argv.indexOf("--contacts");
const largeCount = flag === -1 ? 100_000 : Number(process.argv[flag + 1]);
if (!Number.isInteger(largeCount) || largeCount < 1) {
  console.error("--contacts needs a whole number");
  process.exit(2);
}

loadDotEnv();
const { url, embedded } = await ensureDatabase();
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET ??= embedded
  ? await localSecret("auth-secret")
  : "seed-large-signs-no-sessions-000000000";
process.env.LUNEO_ENCRYPTION_KEY ??= embedded
  ? await localSecret("encryption-key", generateKeyRingValue)
  : generateKeyRingValue("seed");
await runMigrations(url);
getDb();

function bar(done: number, total: number, what: string, started: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `\r  [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.round((done / total) * 100)).padStart(3)}%  ${done.toLocaleString("en")} / ${total.toLocaleString("en")} ${what} · ${seconds} s`,
  );
  if (done === total) process.stdout.write("\n");
}

async function tenant(
  owner: typeof LARGE_OWNER,
  contacts: number,
  slug: "real-estate" | "ecommerce",
) {
  const [existing] = await withSystem("seed:large checks for its tenant", (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${owner.email}`),
  );
  if (existing) {
    console.log(`› ${owner.orgName}: already there (${owner.email}); kept as is.`);
    return withSystem("seed:large finds its tenant's org", async (tx) => {
      const [m] = await tx
        .select({ orgId: memberships.orgId })
        .from(memberships)
        .where(eq(memberships.userId, existing.id));
      return m?.orgId ?? null;
    });
  }
  const { userId, orgId } = await signUp(
    { email: owner.email, name: owner.name, orgName: owner.orgName, password: PASSWORD },
    { verified: true }, // a seeded login, like the demo ones
  );
  const resolved = await resolveUserContext(userId, orgId);
  if (!resolved) throw new Error("the new owner has no org");
  // The large agency is French: its callers' numbers are French mobiles (06 …), as in the data.
  await withSystem("seed:large sets its tenant's country", (tx) =>
    tx
      .update(orgs)
      .set({ country: owner.country, timezone: owner.timezone })
      .where(eq(orgs.id, orgId)),
  );
  await chooseVertical(resolved.ctx, { slug });
  console.log(`› ${owner.orgName}: ${contacts.toLocaleString("en")} contacts`);
  const started = Date.now();
  const { messages } = await generateTenantData(url, orgId, contacts, (done, total, what) =>
    bar(done, total, what, started),
  );
  // About ten per contact: each scenario's call and SMS thread have their own number of turns.
  console.log(`  ${messages.toLocaleString("en")} messages`);
  return orgId;
}

/** The learning loop's signals and gaps (added to a tenant seeded before they existed, too). */
async function learning(orgId: string | null, signals: number) {
  if (!orgId) return;
  const started = Date.now();
  const made = await generateLearningData(url, orgId, signals);
  console.log(
    made.signals
      ? `  ${made.signals.toLocaleString("en")} learning signals, ${made.gaps.toLocaleString("en")} gaps · ${((Date.now() - started) / 1000).toFixed(0)} s`
      : "  learning signals: already there",
  );
}

/** The large tenant's health history (lib/seed/large-health.ts), kept if it already has one. */
async function largeTenantHealth() {
  const [org] = await withSystem("seed:large finds its tenant for health", (tx) =>
    tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, LARGE_OWNER.orgName)),
  );
  if (!org) return;
  const outcome = await seedLargeTenantHealth(org.id);
  console.log(
    `› ${LARGE_OWNER.orgName}: health history ${outcome === "created" ? "added" : "kept"}`,
  );
}

const started = Date.now();
await learning(await tenant(LARGE_OWNER, largeCount, "real-estate"), largeCount * 2);
await tenant(SMALL_OWNER, 1_000, "ecommerce");
await largeTenantHealth();
// A year of ROI rollups for the large tenant (its calls span the past year): bench:queries reads it.
const roiDays = await seedRoiHistory(LARGE_OWNER.email);
console.log(`› ${LARGE_OWNER.orgName}: ${roiDays ?? 0} days of ROI rollups`);
await closeDb();
await embedded?.stop();
console.log(
  `› Done in ${((Date.now() - started) / 1000).toFixed(0)} s. Sign in as ${LARGE_OWNER.email} / ${PASSWORD}.`,
);
