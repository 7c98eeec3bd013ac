import "server-only";
import type { Transaction } from "@/db";

/**
 * Ends every session of `userId`, in the caller's transaction (a password reset calls it).
 *
 * PLACEHOLDER — replaced at merge by the real implementation from the session-revocation work,
 * which has this exact signature. Until then it does nothing: sessions are stateless JWTs here,
 * so a password reset does NOT yet sign out the user's other browsers.
 */
export async function revokeUserSessions(tx: Transaction, userId: string): Promise<void> {
  void tx;
  void userId;
}
