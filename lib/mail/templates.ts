import type { OutgoingMail } from "./message";
import { oneLine } from "./message";

// Every email Luneo writes, as plain text. Values that go into a subject pass through oneLine();
// the mailer refuses any subject with a line break anyway.

const SIGNATURE = "\n\n— Luneo";

export function invitationMail(p: {
  to: string;
  orgName: string;
  inviterName: string;
  role: string;
  link: string;
  expiresAt: Date;
}): OutgoingMail {
  return {
    kind: "invitation",
    to: p.to,
    subject: `You are invited to join ${oneLine(p.orgName)} on Luneo`,
    body:
      `${oneLine(p.inviterName)} invited you to join ${oneLine(p.orgName)} on Luneo as ${p.role}.\n\n` +
      `Accept the invitation:\n${p.link}\n\n` +
      `The link works once and expires on ${p.expiresAt.toUTCString()}. ` +
      `If you were not expecting it, ignore this email.` +
      SIGNATURE,
  };
}

export function passwordResetMail(p: {
  to: string;
  link: string;
  ttlMinutes: number;
}): OutgoingMail {
  return {
    kind: "password_reset",
    to: p.to,
    subject: "Reset your Luneo password",
    body:
      `Someone (hopefully you) asked to reset the password of your Luneo account.\n\n` +
      `Choose a new password:\n${p.link}\n\n` +
      `The link works once and expires in ${p.ttlMinutes} minutes. Setting a new password signs ` +
      `you out everywhere else. If you did not ask, ignore this email: your password stays as it is.` +
      SIGNATURE,
  };
}

export function verificationMail(p: {
  to: string;
  name: string;
  link: string;
  ttlDays: number;
}): OutgoingMail {
  return {
    kind: "email_verification",
    to: p.to,
    subject: "Confirm your email address for Luneo",
    body:
      `Hello ${oneLine(p.name)},\n\n` +
      `Confirm that this is your email address:\n${p.link}\n\n` +
      `The link expires in ${p.ttlDays} days. If you did not create a Luneo account, ignore this email.` +
      SIGNATURE,
  };
}

/** To the owner of an address someone tried to sign up with: nothing was created. */
export function signUpAttemptMail(p: {
  to: string;
  signInLink: string;
  resetLink: string;
}): OutgoingMail {
  return {
    kind: "sign_up_attempt",
    to: p.to,
    subject: "Someone tried to create a Luneo account with your address",
    body:
      `Someone tried to create a new Luneo account with this email address, which already has ` +
      `an account. Nothing was created or changed.\n\n` +
      `If it was you, sign in instead:\n${p.signInLink}\n\n` +
      `Forgot your password? Choose a new one:\n${p.resetLink}\n\n` +
      `If it was not you, you can ignore this email.` +
      SIGNATURE,
  };
}
