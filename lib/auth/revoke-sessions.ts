import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { users } from "@/db/schema";
import { withUser } from "@/lib/db/scopes";

/**
 * Ends every session of a user at once: each session token carries the `session_version` read at
 * sign-in, and a token whose copy differs from the row is treated as signed out on its next request
 * (lib/auth/session-user.ts, docs/adr/0003). Runs inside the caller's transaction so the revocation
 * commits with the change that caused it (a new password, a sign-out).
 *
 * `tx` must be able to update the row: the user's own user-scoped transaction (`withUser`) or the
 * system path. Anything else would silently update nothing under RLS, so that is an error here.
 */
export async function revokeUserSessions(tx: Transaction, userId: string): Promise<void> {
  const updated = await tx
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  if (updated.length === 0) {
    throw new Error(
      "revokeUserSessions updated no row: unknown user or a scope that cannot write it",
    );
  }
}

/** Sign-out: ends this person's sessions on every device (one version per user, see ADR 0003). */
export async function signOutEverywhere(userId: string): Promise<void> {
  await withUser(userId, (tx) => revokeUserSessions(tx, userId));
}
