import { isIP } from "node:net";

// Twilio and VAPI call the webhook URLs from the internet. Built on a local or private address
// (the default http://localhost:$PORT of a dev machine), they cannot reach the app: the Channels
// page says so and what to do, rather than letting the owner paste URLs that can never work.

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^169\.254\./,
  /^0\./,
];

/** Why providers cannot reach `publicUrl`, or null when it looks public. */
export function unreachableByProviders(publicUrl: string): string | null {
  let host: string;
  try {
    host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return "it is not a valid URL";
  }
  if (host === "localhost" || host.endsWith(".localhost")) return "localhost is this machine only";
  if (
    host.endsWith(".local") ||
    host.endsWith(".internal") ||
    (!host.includes(".") && !isIP(host))
  ) {
    return `${host} is a local network name`;
  }
  if (isIP(host) === 4 && PRIVATE_V4.some((range) => range.test(host))) {
    return `${host} is a private or loopback address`;
  }
  if (isIP(host) === 6 && (host === "::1" || /^f[cd]/.test(host) || host.startsWith("fe80"))) {
    return `${host} is a private or loopback address`;
  }
  return null;
}
