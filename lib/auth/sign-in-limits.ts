import "server-only";
import { keyDigest, lazy, postgresLimiter, secondsBefore } from "./rate-limit";

// Sign-in protection after rate-limiter-flexible's login-endpoint recipe (docs/adr/0008): only
// FAILURES count, a success resets the account+source counter, and the limits are keyed so that
// guesses made from elsewhere cannot lock the owner out of their own account.
//
// The library blocks a key when a consume goes past `points`, so each limiter tolerates
// `failures - 1` and the `failures`-th failure is the one that blocks.
export const SIGN_IN_LIMITS = {
  /** Consecutive failures for one account from one source; reset by a success there. */
  perAccountAndIp: { failures: 10, forgetAfterSeconds: 90 * 86_400, blockSeconds: 3600 },
  /** Failures from one source across all accounts (password spraying). */
  perIpPerDay: { failures: 100, windowSeconds: 86_400, blockSeconds: 86_400 },
  /**
   * Failures for one account across all sources (ASVS: at most 100 an hour). It binds only
   * sources that have not signed into this account lately, so the owner's usual address still
   * gets in while the account is under attack from many others.
   */
  perAccountPerHour: { failures: 50, windowSeconds: 3600 },
  /** How long a source that signed in successfully stays known for that account. */
  knownSourceSeconds: 30 * 86_400,
} as const;

const L = SIGN_IN_LIMITS;

const limiters = {
  accountAndIp: lazy(() =>
    postgresLimiter({
      keyPrefix: "sign-in:account-ip",
      points: L.perAccountAndIp.failures - 1,
      duration: L.perAccountAndIp.forgetAfterSeconds,
      blockDuration: L.perAccountAndIp.blockSeconds,
    }),
  ),
  ip: lazy(() =>
    postgresLimiter({
      keyPrefix: "sign-in:ip",
      points: L.perIpPerDay.failures - 1,
      duration: L.perIpPerDay.windowSeconds,
      blockDuration: L.perIpPerDay.blockSeconds,
    }),
  ),
  account: lazy(() =>
    postgresLimiter({
      keyPrefix: "sign-in:account",
      points: L.perAccountPerHour.failures - 1,
      duration: L.perAccountPerHour.windowSeconds,
    }),
  ),
  knownSource: lazy(() =>
    postgresLimiter({
      keyPrefix: "sign-in:known",
      points: 1,
      duration: L.knownSourceSeconds,
    }),
  ),
};

/** The keys of one attempt: hashes of the account (and source), the normalised IP as it is. */
export function signInKeys(normalisedEmail: string, ip: string) {
  return {
    accountAndIp: keyDigest(normalisedEmail, ip),
    account: keyDigest(normalisedEmail),
    ip,
  };
}
type Keys = ReturnType<typeof signInKeys>;

export type SignInGate = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Before checking the password: is this source, or this account from this source, blocked? */
export async function signInGate(keys: Keys): Promise<SignInGate> {
  const [pair, ip, account] = await Promise.all([
    limiters.accountAndIp().get(keys.accountAndIp),
    limiters.ip().get(keys.ip),
    limiters.account().get(keys.account),
  ]);
  const blocked = [
    pair && pair.consumedPoints >= L.perAccountAndIp.failures ? pair : null,
    ip && ip.consumedPoints >= L.perIpPerDay.failures ? ip : null,
  ].filter((res) => res !== null);
  if (account && account.consumedPoints >= L.perAccountPerHour.failures) {
    const known = await limiters.knownSource().get(keys.accountAndIp);
    if (!known) blocked.push(account);
  }
  if (blocked.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(...blocked.map(secondsBefore)) };
}

/** A wrong password (or unknown email): counts against the pair, the source and the account. */
export async function recordSignInFailure(keys: Keys): Promise<void> {
  // A consume past the limit rejects with the key's state (and blocks it): expected, not an error.
  const ignoreRefusal = (reason: unknown) => {
    if (reason instanceof Error) throw reason;
  };
  await Promise.all([
    limiters.accountAndIp().consume(keys.accountAndIp).catch(ignoreRefusal),
    limiters.ip().consume(keys.ip).catch(ignoreRefusal),
    limiters.account().consume(keys.account).catch(ignoreRefusal),
  ]);
}

/** The right password: this pair's failures are forgiven and the source becomes known. */
export async function recordSignInSuccess(keys: Keys): Promise<void> {
  await Promise.all([
    limiters.accountAndIp().delete(keys.accountAndIp),
    limiters.knownSource().set(keys.accountAndIp, 1, L.knownSourceSeconds),
  ]);
}
