import "server-only";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { log } from "@/lib/log";
import { verifyPassword } from "./password";
import { recordSignInFailure, recordSignInSuccess, signInGate, signInKeys } from "./sign-in-limits";

export type CredentialsOutcome =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks an email/password pair from the source `ip` (lib/auth/client-ip.ts). Only failures count
 * towards the limits (lib/auth/sign-in-limits.ts); a success resets this account+source counter.
 */
export async function verifyCredentials(
  email: string,
  password: string,
  ip: string,
): Promise<CredentialsOutcome> {
  const normalised = email.trim().toLowerCase();
  const keys = signInKeys(normalised, ip);
  const gate = await signInGate(keys);
  if (!gate.allowed) {
    log.warn({ ip }, "sign-in rate limited");
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }
  const [user] = await withSystem("sign-in looks up the account by email", (tx) =>
    tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        passwordHash: users.passwordHash,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${normalised}`),
  );
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    await recordSignInFailure(keys);
    return { ok: false, reason: "invalid" };
  }
  await recordSignInSuccess(keys);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
