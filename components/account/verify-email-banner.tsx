import { ResendVerificationButton } from "./resend-verification-button";

/** Shown to a signed-in person whose address is not confirmed yet, within the grace period. */
export function VerifyEmailBanner({ email, daysLeft }: { email: string; daysLeft: number }) {
  return (
    <div
      className="flex flex-wrap items-center justify-between gap-3 border-b border-amber-200 bg-amber-50 px-6 py-3 text-sm text-amber-900"
      data-testid="verify-email-banner"
    >
      <p>
        Confirm your email address: we sent a link to <strong>{email}</strong>. Inviting teammates
        and creating API keys wait for it, and in {daysLeft} {daysLeft === 1 ? "day" : "days"} Luneo
        will ask for it before you go on.
      </p>
      <ResendVerificationButton />
    </div>
  );
}
