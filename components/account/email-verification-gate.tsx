import { redirect } from "next/navigation";
import { getVerificationState } from "@/lib/auth/email-verification";
import { VerifyEmailBanner } from "./verify-email-banner";

/**
 * In the signed-in layouts: an unconfirmed address gets a banner during its grace period, and
 * once the period is over the person is sent to confirm it before going on (docs/adr/0010).
 * The verbs that wait for a confirmed address check it themselves; this is the reminder.
 */
export async function EmailVerificationGate({ user }: { user: { id: string; email: string } }) {
  const state = await getVerificationState(user.id);
  if (!state || state.verified) return null;
  if (state.overdue) redirect("/verify-email");
  return <VerifyEmailBanner email={user.email} daysLeft={state.daysLeft} />;
}
