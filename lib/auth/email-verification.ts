import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { emailVerifications, users } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withSystem, withUser } from "@/lib/db/scopes";
import { AppError, ForbiddenError } from "@/lib/errors";
import { log } from "@/lib/log";
import { appLink, printLinkForLocalRun } from "@/lib/mail/links";
import { queueAccountMail } from "@/lib/mail/outbox";
import { verificationMail } from "@/lib/mail/templates";
import { issueAccountToken, parseAccountToken } from "./account-tokens";
import { consumeNamedLimit } from "./rate-limit";
import { secretMatches } from "./tokens";

// Email verification (docs/adr/0010). A new account works at once; its address is confirmed by a
// link within the grace period (users.email_verification_due_at). Until then, the few things
// that act in the org's name towards others or machines — invitations and API keys — wait.

const TOKEN_PREFIX = "evf";
const LINK_TTL_DAYS = 7;
const RESENDS_PER_HOUR = 5;

/** Writes a verification link and its email in the caller's (system) transaction; returns the link. */
export async function queueVerificationEmail(
  tx: Transaction,
  user: { id: string; email: string; name: string },
): Promise<string> {
  const id = randomUUID();
  const { token, secretHash } = issueAccountToken(TOKEN_PREFIX, id);
  await tx.insert(emailVerifications).values({
    id,
    userId: user.id,
    email: user.email,
    secretHash,
    expiresAt: new Date(Date.now() + LINK_TTL_DAYS * 86_400_000),
  });
  const link = appLink(`/verify-email/${token}`);
  await queueAccountMail(
    tx,
    user.id,
    verificationMail({ to: user.email, name: user.name, link, ttlDays: LINK_TTL_DAYS }),
  );
  return link;
}

export type VerificationState = {
  verified: boolean;
  dueAt: Date;
  overdue: boolean;
  /** Whole days left in the grace period, at least 1 while it lasts (for the banner). */
  daysLeft: number;
};

/** The signed-in user's own state (a user-scoped transaction: RLS shows them only themselves). */
export async function getVerificationState(userId: string): Promise<VerificationState | null> {
  const [row] = await withUser(userId, (tx) =>
    tx
      .select({ verifiedAt: users.emailVerifiedAt, dueAt: users.emailVerificationDueAt })
      .from(users)
      .where(eq(users.id, userId)),
  );
  if (!row) return null;
  const verified = row.verifiedAt !== null;
  const msLeft = row.dueAt.getTime() - Date.now();
  return {
    verified,
    dueAt: row.dueAt,
    overdue: !verified && msLeft <= 0,
    daysLeft: Math.max(1, Math.ceil(msLeft / 86_400_000)),
  };
}

/** "Resend the link" from the banner. Quietly does nothing once verified. */
export async function resendVerificationEmail(
  userId: string,
): Promise<"sent" | "already_verified"> {
  const limit = await consumeNamedLimit("verify-email:resend", userId, RESENDS_PER_HOUR, 3600);
  if (!limit.allowed) {
    throw new AppError(
      "RATE_LIMITED",
      "We already sent several links this hour. Check your spam folder, or try again later.",
    );
  }
  const link = await withSystem("resend an email verification link", async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        verifiedAt: users.emailVerifiedAt,
      })
      .from(users)
      .where(eq(users.id, userId));
    if (!user || user.verifiedAt) return null;
    return queueVerificationEmail(tx, user);
  });
  if (!link) return "already_verified";
  printLinkForLocalRun("Email verification link", link);
  return "sent";
}

/** Opens a verification link: confirms the address it was sent to, once. */
export async function verifyEmail(token: string): Promise<"verified" | "invalid"> {
  const parsed = parseAccountToken(TOKEN_PREFIX, token);
  if (!parsed) return "invalid";
  return withSystem("email verification link opened", async (tx) => {
    const [row] = await tx
      .select()
      .from(emailVerifications)
      .where(eq(emailVerifications.id, parsed.id))
      .for("update");
    if (!row || !secretMatches(parsed.secret, row.secretHash) || row.expiresAt <= new Date()) {
      return "invalid";
    }
    // A used link opened again (a mail scanner, a second click) still says "verified".
    if (row.usedAt) return "verified";
    const updated = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
      .where(and(eq(users.id, row.userId), sql`lower(${users.email}) = ${row.email}`))
      .returning({ id: users.id });
    if (updated.length === 0) return "invalid"; // the address changed since the link was sent
    await tx
      .update(emailVerifications)
      .set({ usedAt: new Date() })
      .where(and(eq(emailVerifications.userId, row.userId), isNull(emailVerifications.usedAt)));
    log.info({ userId: row.userId }, "email verified");
    return "verified";
  });
}

export class EmailNotVerifiedError extends ForbiddenError {
  constructor(what: string) {
    super(
      `Confirm your email address before ${what}: open the link we emailed you, or send a new one from the banner at the top of the page.`,
    );
  }
}

/**
 * For the verbs that wait for a verified address (invitations, API keys): a user actor must have
 * confirmed theirs. Runs in the verb's tenant transaction (RLS lets an org see its members).
 */
export async function requireVerifiedEmail(
  tx: Transaction,
  ctx: TenantContext,
  what: string,
): Promise<void> {
  if (ctx.actor.type !== "user") return;
  const [row] = await tx
    .select({ verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, ctx.actor.userId));
  if (!row?.verifiedAt) throw new EmailNotVerifiedError(what);
}
