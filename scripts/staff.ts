// npm run staff -- <command> — grants the staff role and provisions orgs by hand (lib/staff/cli.ts,
// docs/adr/0011). Runs against DATABASE_URL, like npm run db:seed; every command is audited under
// the name of the operating-system user who runs it.
import { userInfo } from "node:os";
import { generateKeyRingValue } from "@/lib/crypto/secrets";

if (!process.env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at the database to act on.");
  process.exit(1);
}
// stdout carries the command's answer (JSON for create-org and api-key): log lines stay off it.
if (!process.env.LOG_LEVEL) process.env.LOG_LEVEL = "warn";
// These commands sign no session and store no provider credentials: throwaway values satisfy env().
process.env.AUTH_SECRET ??= "staff-script-does-not-sign-sessions-0000";
process.env.LUNEO_ENCRYPTION_KEY ??= generateKeyRingValue("staff");

const { runStaffCommand } = await import("@/lib/staff/cli");
const { closeDb } = await import("@/db");
const { stopBoss } = await import("@/lib/jobs/boss");

const outcome = await runStaffCommand(process.argv.slice(2), {
  type: "operator",
  name: userInfo().username,
});
if (outcome.stdout) console.log(outcome.stdout);
if (outcome.stderr) console.error(outcome.stderr);
await stopBoss();
await closeDb();
process.exit(outcome.exitCode);
