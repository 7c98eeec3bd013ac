import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

// Requests to URLs an org chose (its alert webhook). Such a URL must not reach Luneo's own
// network: every address its host resolves to is checked before connecting, and the connection
// uses the address that was checked (a custom `lookup`), so a second DNS answer cannot swap in a
// private one. OUTBOUND_ALLOW_LOOPBACK=true lifts the rule for local development and tests only.

const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, "ipv6");
}

/** True for private, loopback, link-local, multicast and reserved addresses (IPv4 or IPv6). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return FORBIDDEN.check(mapped[1]!, "ipv4");
  return FORBIDDEN.check(address, "ipv6");
}

export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

/** Every address `host` resolves to, refused if any is forbidden (unless allowed). */
export async function resolvePublic(host: string, allowPrivate: boolean): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses: LookupAddress[] = isIP(bare)
    ? [{ address: bare, family: isIP(bare) }]
    : await new Promise((resolve, reject) =>
        dnsLookup(bare, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
      );
  if (addresses.length === 0) throw new OutboundRefusedError("the host has no address");
  if (!allowPrivate && addresses.some((a) => isForbiddenAddress(a.address))) {
    throw new OutboundRefusedError(
      "the address points to a private, loopback or link-local network",
    );
  }
  return addresses;
}

export type OutboundResponse = { status: number };

/** POSTs `body` to `url` after checking where it goes; resolves with the status (body discarded). */
export async function postToPublicUrl(
  url: string,
  body: string,
  headers: Record<string, string>,
  { allowPrivate, timeoutMs }: { allowPrivate: boolean; timeoutMs: number },
): Promise<OutboundResponse> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new OutboundRefusedError("only http and https URLs are allowed");
  }
  const addresses = await resolvePublic(target.hostname, allowPrivate);
  const pinned: LookupFunction = (_host, options, callback) => {
    const chosen = addresses[0]!;
    if ((options as { all?: boolean }).all) callback(null, addresses);
    else callback(null, chosen.address, chosen.family);
  };
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        lookup: pinned,
        timeout: timeoutMs,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("TimeoutError")));
    request.on("error", reject);
    request.end(body);
  });
}
