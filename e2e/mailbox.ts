import postgres from "postgres";
import { waitFor } from "../test/wait";

// The e2e run has no SMTP server, so every email waits in the outbox (status no_smtp): the specs
// read it there, as the system role, like a person would read their inbox.

let client: postgres.Sql | undefined;

function sql(): postgres.Sql {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the specs through npm run test:e2e");
  client ??= postgres(url, { max: 1, onnotice: () => {} });
  return client;
}

type Mail = { kind: string; subject: string; body: string; status: string };

/**
 * The newest account email of `kind` to `to`, once the mail job has dealt with it (here: no_smtp),
 * waiting up to a few seconds. Returned as soon as it exists it could still read "queued".
 */
export async function accountMail(to: string, kind: string): Promise<Mail> {
  const rows = await waitFor(
    () =>
      sql().begin(async (tx) => {
        await tx`set local role luneo_system`;
        return tx<Mail[]>`
          select kind, subject, body, status::text as status from account_messages
           where to_address = ${to} and kind = ${kind} order by created_at desc limit 1`;
      }),
    (found) => found[0] !== undefined && found[0].status !== "queued",
    { timeout: 10_000 },
  );
  if (!rows[0]) throw new Error(`no ${kind} email reached the outbox`);
  return rows[0];
}

/** How many account emails `to` has received. */
export async function accountMailCount(to: string): Promise<number> {
  const rows = await sql().begin(async (tx) => {
    await tx`set local role luneo_system`;
    return tx<
      { n: number }[]
    >`select count(*)::int as n from account_messages where to_address = ${to}`;
  });
  return rows[0]?.n ?? 0;
}

/** The path (and token) of the first link to `path` in a body, e.g. /reset-password/pwr_… */
export function linkPath(body: string, path: string): string {
  const match = new RegExp(`https?://[^/\\s]+(${path}/[A-Za-z0-9_-]+)`).exec(body);
  if (!match?.[1]) throw new Error(`no ${path} link in the email`);
  return match[1];
}

/** Time passes: the account's grace period for confirming its email ends now (ADR 0010). */
export async function endGracePeriod(email: string): Promise<void> {
  await sql().begin(async (tx) => {
    await tx`set local role luneo_system`;
    await tx`update users set email_verification_due_at = now() - interval '1 second'
              where lower(email) = ${email.toLowerCase()}`;
  });
}

/**
 * The suite signs up dozens of people from one address, which the sign-up limit (20 an hour per
 * address, lib/auth/sign-up-limits.ts) exists to refuse: each sign-up of a spec forgets the count
 * first, as a new visitor from another network would arrive with none. The limit itself is held by
 * lib/auth/sign-up-limits.test.ts.
 */
export async function forgetSignUpCount(): Promise<void> {
  await sql().begin(async (tx) => {
    await tx`set local role luneo_system`;
    await tx`delete from rate_limits where key like 'sign-up:ip%'`;
  });
}
