import { env } from "@/lib/env";

/**
 * Where Auth.js may send the browser after signing in or out: always on PUBLIC_URL.
 *
 * Auth.js builds its base URL from the request (`trustHost`: its URL and X-Forwarded-Proto, and in
 * server actions X-Forwarded-Host / Host), and its default redirect callback puts relative callback
 * URLs on that base: forwarding headers a client forged chose where a freshly signed-in user was
 * sent (under `next start`, X-Forwarded-Proto alone turned it into https://localhost:…). Relative
 * URLs go on PUBLIC_URL instead, absolute ones only when they are on PUBLIC_URL's origin,
 * anything else to PUBLIC_URL itself.
 */
export function publicRedirect(url: string, publicUrl: string = env().PUBLIC_URL): string {
  const base = new URL(publicUrl);
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return base.href;
  }
  return target.origin === base.origin ? target.href : base.href;
}
