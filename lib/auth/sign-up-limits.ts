import "server-only";
import { consumePoint, lazy, postgresLimiter, type ConsumeResult } from "./rate-limit";

// Sign-ups from one source: every attempt counts (creating orgs in bulk is the abuse), keyed by
// the normalised IP from lib/auth/client-ip.ts.
export const SIGN_UP_LIMITS = { perIpPerHour: 20 } as const;

const perIp = lazy(() =>
  postgresLimiter({
    keyPrefix: "sign-up:ip",
    points: SIGN_UP_LIMITS.perIpPerHour,
    duration: 3600,
  }),
);

export function consumeSignUpAttempt(ip: string): Promise<ConsumeResult> {
  return consumePoint(perIp(), ip);
}
