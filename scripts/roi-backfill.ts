// npm run roi:backfill — recomputes the daily ROI rollups of every org (or one) from its
// conversations, from its first call (or --from) to today (lib/roi/rollup.ts). Idempotent: a day
// recomputed gives the same row. Uses DATABASE_URL, or the embedded server of `npm run dev`.
//   npm run roi:backfill                          every org
//   npm run roi:backfill -- --org <uuid> --from 2026-01-01
import { z } from "zod";
import { orgs } from "@/db/schema";
import { generateKeyRingValue } from "@/lib/crypto/secrets";
import { ensureDatabase, loadDotEnv, localSecret } from "./local-env";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
};
const options = z
  .object({
    org: z.uuid("--org needs an org id").optional(),
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "--from needs a day as YYYY-MM-DD")
      .optional(),
  })
  .safeParse({ org: arg("org"), from: arg("from") });
if (!options.success) {
  console.error(options.error.issues.map((i) => i.message).join("\n"));
  process.exit(2);
}
if (!process.env.LOG_LEVEL) process.env.LOG_LEVEL = "warn";
loadDotEnv();
const { url, embedded } = await ensureDatabase();
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET ??= embedded
  ? await localSecret("auth-secret")
  : "roi-backfill-signs-no-sessions-0000000";
process.env.LUNEO_ENCRYPTION_KEY ??= embedded
  ? await localSecret("encryption-key", generateKeyRingValue)
  : generateKeyRingValue("roi-backfill");
// Loaded after LOG_LEVEL is set: the logger reads it once.
const { closeDb, getDb } = await import("@/db");
const { withSystem } = await import("@/lib/db/scopes");
const { backfillRollups } = await import("@/lib/roi/service");
getDb();
const ids = options.data.org
  ? [options.data.org]
  : (
      await withSystem("roi backfill lists the orgs", (tx) => tx.select({ id: orgs.id }).from(orgs))
    ).map((o) => o.id);
let days = 0;
for (const id of ids) {
  const written = await backfillRollups(id, options.data.from);
  days += written;
  console.log(`${id}: ${written} days`);
}
console.log(`${ids.length} org(s), ${days} days recomputed.`);
await closeDb();
