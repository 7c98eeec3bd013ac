import "server-only";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { log } from "@/lib/log";
import { verifyPassword } from "./password";
import { hitRateLimit, SIGN_IN_LIMITS } from "./rate-limit";

export type CredentialsOutcome =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** Checks an email/password pair, counting the attempt against the account and the IP first. */
export async function verifyCredentials(
  email: string,
  password: string,
  ip: string,
): Promise<CredentialsOutcome> {
  const normalised = email.trim().toLowerCase();
  const [perAccount, perIp] = await Promise.all([
    hitRateLimit(
      `sign-in:account:${normalised}`,
      SIGN_IN_LIMITS.perAccount.limit,
      SIGN_IN_LIMITS.perAccount.windowSeconds,
    ),
    hitRateLimit(
      `sign-in:ip:${ip}`,
      SIGN_IN_LIMITS.perIp.limit,
      SIGN_IN_LIMITS.perIp.windowSeconds,
    ),
  ]);
  if (!perAccount.allowed || !perIp.allowed) {
    log.warn({ ip, limitedBy: perAccount.allowed ? "ip" : "account" }, "sign-in rate limited");
    return {
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: Math.max(
        perAccount.allowed ? 0 : perAccount.retryAfterSeconds,
        perIp.allowed ? 0 : perIp.retryAfterSeconds,
      ),
    };
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
  if (!user || !valid) return { ok: false, reason: "invalid" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
