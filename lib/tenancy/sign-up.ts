import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { memberships, orgs, users } from "@/db/schema";
import { queueVerificationEmail } from "@/lib/auth/email-verification";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { consumeNamedLimit } from "@/lib/auth/rate-limit";
import { recordAudit } from "@/lib/audit/record";
import { withSystem } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { appLink, printLinkForLocalRun } from "@/lib/mail/links";
import { queueAccountMail } from "@/lib/mail/outbox";
import { signUpAttemptMail } from "@/lib/mail/templates";
import { memberContext } from "./context";
import type { SignUpInput } from "./schemas";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  // A short random suffix keeps slugs unique without a retry loop.
  return `${base || "org"}-${randomBytes(3).toString("hex")}`;
}

export class EmailTakenError extends AppError {
  constructor() {
    super("CONFLICT", "An account with this email already exists.", {
      email: ["An account with this email already exists. Sign in instead."],
    });
  }
}

/**
 * A new business: its user, its org, and the user as owner — all or nothing — plus the email
 * that verifies the address (docs/adr/0010). `verified` is for the demo seed and test factories
 * only: the account starts verified and no email is written.
 */
export async function signUp(
  input: SignUpInput,
  { verified = false }: { verified?: boolean } = {},
): Promise<{ userId: string; orgId: string; verificationLink: string | null }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await withSystem("sign-up creates a new tenant", async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email.trim().toLowerCase(),
          name: input.name,
          passwordHash,
          emailVerifiedAt: verified ? new Date() : null,
        })
        .returning({ id: users.id, email: users.email, name: users.name });
      const [org] = await tx
        .insert(orgs)
        .values({ name: input.orgName, slug: slugify(input.orgName) })
        .returning();
      if (!user || !org) throw new Error("insert returned no row");
      await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: "owner" });
      await recordAudit(tx, memberContext(org, user.id, "owner"), {
        action: "org.created",
        targetType: "org",
        targetId: org.id,
      });
      const verificationLink = verified ? null : await queueVerificationEmail(tx, user);
      return { userId: user.id, orgId: org.id, verificationLink };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) throw new EmailTakenError();
    throw error;
  }
}

export type SignUpOutcome =
  { status: "created"; userId: string; orgId: string } | { status: "exists" };

// One notice per address per hour: repeated attempts must not turn Luneo into a spam cannon
// aimed at someone's inbox. The answer to the sign-up form does not depend on it.
const ATTEMPT_NOTICES_PER_HOUR = 1;

/**
 * The sign-up form's verb. When the address already has an account nothing is created: its owner
 * is told by email ("someone tried to sign up with your address") and the caller answers with a
 * "check your inbox" page, where a new account goes on into the setup wizard: docs/adr/0010 says
 * what an attacker can still learn from that difference, and why it is accepted.
 */
export async function signUpOrNotify(input: SignUpInput): Promise<SignUpOutcome> {
  try {
    const { userId, orgId, verificationLink } = await signUp(input);
    if (verificationLink) printLinkForLocalRun("Email verification link", verificationLink);
    return { status: "created", userId, orgId };
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
  }
  // signUp already spent one argon2 hash; a new account spends a second one signing in. Spend it
  // here too, so the two paths take about as long.
  await verifyPassword(null, input.password);
  const email = input.email.trim().toLowerCase();
  const notice = await consumeNamedLimit("sign-up-notice", email, ATTEMPT_NOTICES_PER_HOUR, 3600);
  if (notice.allowed) {
    await withSystem("sign-up attempt on an existing address notifies its owner", async (tx) => {
      const [user] = await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      if (!user) return;
      await queueAccountMail(
        tx,
        user.id,
        signUpAttemptMail({
          to: user.email,
          signInLink: appLink("/sign-in"),
          resetLink: appLink("/forgot-password"),
        }),
      );
    });
  }
  log.info("sign-up attempted with an address that already has an account");
  return { status: "exists" };
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const pgError = cause as { code?: string; constraint_name?: string };
  return pgError?.code === "23505" && pgError.constraint_name === constraint;
}
