import "server-only";
import { env } from "@/lib/env";

/** An absolute link into the app, for emails (PUBLIC_URL is what the recipient can reach). */
export function appLink(path: string): string {
  return new URL(path, env().PUBLIC_URL).toString();
}

/**
 * On a local run without SMTP_URL nobody receives the email, so the one link a developer needs
 * (verify the new account, reset a password) is printed in the terminal. Never in production,
 * never with the address: a link is all it shows.
 */
export function printLinkForLocalRun(what: string, link: string): void {
  const { SMTP_URL, NODE_ENV } = env();
  if (SMTP_URL || NODE_ENV === "production") return;
  console.info(`\n  [mail not sent: no SMTP_URL] ${what}:\n  ${link}\n`);
}
