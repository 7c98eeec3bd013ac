import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The caller's address, for per-source rate limits (docs/adr/0008).
 *
 * Next.js gives route handlers, server actions and Auth.js's `authorize` no socket address, only
 * headers. Our patch of Next (patches/next+*.patch) makes its server always append the TCP peer's
 * address to X-Forwarded-For, so the list's last entry is the socket address and cannot be chosen
 * by the client. Every proxy we trust appends one more entry in front of it; entries further left
 * are whatever the client sent. So with `trustedProxyHops` proxies in front of the app
 * (TRUSTED_PROXY_HOPS, default 0), the client is the entry that many places from the right.
 * With fewer entries than that (a misconfiguration), the left-most one is used: it was still
 * appended by a trusted hop, never written by the client.
 */
export function clientIp(headers: Headers, trustedProxyHops = configuredProxyHops()): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) return "unknown";
  const entry = entries[Math.max(0, entries.length - 1 - trustedProxyHops)] ?? "";
  return normaliseIp(entry);
}

function configuredProxyHops(): number {
  return env().TRUSTED_PROXY_HOPS ?? 0;
}

/**
 * One spelling per address (so a key cannot be varied by writing the same address differently)
 * and nothing that is not an address: "unknown" instead.
 */
export function normaliseIp(value: string): string {
  const bare = value.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped && isIP(mapped) === 4) return mapped;
  if (isIP(bare) === 4) return bare;
  // The URL parser writes IPv6 in its canonical compressed lower-case form.
  if (isIP(bare) === 6) return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return "unknown";
}
