import type { Metadata } from "next";
import {
  AcceptInvitationButton,
  InvitationSignUpForm,
} from "@/components/tenancy/accept-invitation";
import { getSignedInUser } from "@/lib/auth/session";
import { getOpenInvitation } from "@/lib/tenancy/invitations";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Join your team" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([getOpenInvitation(token), getSignedInUser()]);

  if (!invitation) {
    return (
      <>
        <h1 className="text-xl font-semibold text-zinc-900">This invitation cannot be used</h1>
        <p className="mt-2 text-sm text-zinc-600">
          It may have expired, been revoked, or already been accepted. Ask the person who invited
          you for a new link.
        </p>
        <TextLink href="/sign-in" className="mt-6 inline-block text-sm">
          Go to sign in
        </TextLink>
      </>
    );
  }

  const heading = (
    <>
      <h1 className="text-xl font-semibold text-zinc-900">Join {invitation.orgName} on Luneo</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-600">
        You have been invited as{" "}
        <strong className="font-medium text-zinc-900">{invitation.role}</strong>.
      </p>
    </>
  );

  if (user) {
    return (
      <>
        {heading}
        <p className="mb-4 text-sm text-zinc-600">You are signed in as {user.email}.</p>
        <AcceptInvitationButton token={token} />
      </>
    );
  }

  return (
    <>
      {heading}
      <InvitationSignUpForm token={token} email={invitation.email} />
      <p className="mt-6 text-center text-sm text-zinc-600">
        Already have a Luneo account?{" "}
        <TextLink href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
          Sign in to accept
        </TextLink>
      </p>
    </>
  );
}
