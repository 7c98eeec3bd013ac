import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { passwordResets, users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { appLink, printLinkForLocalRun } from "@/lib/mail/links";
import { queueAccountMail } from "@/lib/mail/outbox";
import { passwordResetMail } from "@/lib/mail/templates";
import { issueAccountToken, parseAccountToken } from "./account-tokens";
import { hashPassword } from "./password";
import { consumeNamedLimit } from "./rate-limit";
import { revokeUserSessions } from "./revoke-sessions";
import { secretMatches } from "./tokens";

const TOKEN_PREFIX = "pwr";
export const RESET_TTL_MINUTES = 60;
// A few links an hour per address: enough to retry a lost email, too few to flood an inbox.
const RESETS_PER_ADDRESS = { limit: 3, windowSeconds: 3600 } as const;

/**
 * "Forgot password": emails a one-time link when the address has an account. The caller answers
 * the same whatever happens here (no account, rate limited, sent), so nobody learns from the
 * answer whether an address is registered.
 */
export async function requestPasswordReset(rawEmail: string): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  const limit = await consumeNamedLimit(
    "password-reset:account",
    email,
    RESETS_PER_ADDRESS.limit,
    RESETS_PER_ADDRESS.windowSeconds,
  );
  if (!limit.allowed) {
    log.warn("password reset requests rate limited for one address");
    return;
  }
  const link = await withSystem("password reset looks up the account by email", async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user) return null;
    const id = randomUUID();
    const { token, secretHash } = issueAccountToken(TOKEN_PREFIX, id);
    await tx.insert(passwordResets).values({
      id,
      userId: user.id,
      secretHash,
      expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000),
    });
    const resetLink = appLink(`/reset-password/${token}`);
    await queueAccountMail(
      tx,
      user.id,
      passwordResetMail({ to: user.email, link: resetLink, ttlMinutes: RESET_TTL_MINUTES }),
    );
    return resetLink;
  });
  if (link) printLinkForLocalRun("Password reset link", link);
}

export class InvalidResetLinkError extends AppError {
  constructor() {
    super("NOT_FOUND", "This reset link is invalid, expired or already used. Ask for a new one.");
  }
}

async function loadUsableReset(tx: Transaction, token: string) {
  const parsed = parseAccountToken(TOKEN_PREFIX, token);
  if (!parsed) throw new InvalidResetLinkError();
  const [row] = await tx
    .select()
    .from(passwordResets)
    .where(eq(passwordResets.id, parsed.id))
    .for("update");
  const usable =
    row &&
    secretMatches(parsed.secret, row.secretHash) &&
    !row.usedAt &&
    row.expiresAt > new Date();
  if (!usable) throw new InvalidResetLinkError();
  return row;
}

/** Whether a reset link can still be used (the page shows the form or says why not). */
export async function isResetLinkUsable(token: string): Promise<boolean> {
  try {
    await withSystem("password reset checks its link", (tx) => loadUsableReset(tx, token));
    return true;
  } catch (error) {
    if (error instanceof InvalidResetLinkError) return false;
    throw error;
  }
}

/**
 * Sets the new password, uses up this link and every other open link of the account, and ends the
 * account's sessions — one transaction. Opening the link proved the address, so it counts as
 * verified too.
 */
export async function resetPassword(token: string, newPassword: string): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  await withSystem("password reset sets a new password", async (tx) => {
    const reset = await loadUsableReset(tx, token);
    await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
      .where(eq(users.id, reset.userId));
    await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)));
    await revokeUserSessions(tx, reset.userId);
    log.info({ userId: reset.userId }, "password reset");
  });
}
