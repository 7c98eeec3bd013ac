import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { AppError, ForbiddenError, ValidationError } from "@/lib/errors";
import { requirePermission } from "./permissions";
import { hashPassword, verifyPassword } from "./password";
import { consumePoint, lazy, postgresLimiter } from "./rate-limit";
import type { ChangeNameInput, ChangePasswordInput } from "./profile-schemas";
import { revokeUserSessions } from "./revoke-sessions";

// A person's own account, changed from the profile page. The row is the actor's own: the
// transaction names them as app.user_id, and the users table's update_self policy lets a
// transaction update only that row. The audit entry goes to the org they are acting in, in the
// same transaction (so it is a tenant transaction that also names its user).

/** 10 attempts at the current password per person per 15 minutes (a user id, not a client string). */
const passwordChangeLimiter = lazy(() =>
  postgresLimiter({ keyPrefix: "password-change:user", points: 10, duration: 900 }),
);

async function withOwnAccount<T>(
  ctx: TenantContext,
  work: (tx: Transaction, userId: string) => Promise<T>,
): Promise<T> {
  // Any member may edit their own account; an API key is not a person and has no account.
  requirePermission(ctx, "org.read");
  if (ctx.actor.type !== "user") throw new ForbiddenError("Only a person has a profile.");
  const userId = ctx.actor.userId;
  return getDb().transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'luneo_app', true), set_config('app.org_id', ${ctx.org.id}, true), set_config('app.user_id', ${userId}, true)`,
    );
    return work(tx, userId);
  });
}

export async function changeName(ctx: TenantContext, input: ChangeNameInput): Promise<void> {
  await withOwnAccount(ctx, async (tx, userId) => {
    const updated = await tx
      .update(users)
      .set({ name: input.name })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (updated.length === 0) throw new AppError("UNAUTHORIZED", "Sign in again.");
    await recordAudit(tx, ctx, {
      action: "user.profile_changed",
      targetType: "user",
      targetId: userId,
      metadata: { fields: ["name"] },
    });
  });
}

/**
 * Checks the current password, stores the new one (argon2id) and ends every session of the person,
 * this one included: the caller signs this browser in again with the new password.
 */
export async function changePassword(
  ctx: TenantContext,
  input: ChangePasswordInput,
): Promise<void> {
  // The current-password check must not become a way around the sign-in limit for someone holding
  // a session: attempts count per person, with the sign-in limit's numbers.
  if (ctx.actor.type === "user") {
    const hit = await consumePoint(passwordChangeLimiter(), ctx.actor.userId);
    if (!hit.allowed) {
      throw new AppError(
        "RATE_LIMITED",
        "Too many attempts to change your password. Wait 15 minutes, then try again.",
      );
    }
  }
  // Hashing is slow on purpose: done before the transaction, so no row stays locked meanwhile.
  const newHash = await hashPassword(input.newPassword);
  await withOwnAccount(ctx, async (tx, userId) => {
    const [me] = await tx
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!me) throw new AppError("UNAUTHORIZED", "Sign in again.");
    if (!(await verifyPassword(me.passwordHash, input.currentPassword))) {
      throw new ValidationError(
        { currentPassword: ["This is not your current password."] },
        "Your password was not changed.",
      );
    }
    if (await verifyPassword(me.passwordHash, input.newPassword)) {
      throw new ValidationError(
        { newPassword: ["Choose a password different from your current one."] },
        "Your password was not changed.",
      );
    }
    await tx.update(users).set({ passwordHash: newHash }).where(eq(users.id, userId));
    await revokeUserSessions(tx, userId);
    // Never the passwords, nor their hashes: only that it happened.
    await recordAudit(tx, ctx, {
      action: "user.password_changed",
      targetType: "user",
      targetId: userId,
    });
  });
}
