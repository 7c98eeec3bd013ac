import "server-only";
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { env } from "@/lib/env";
import { readBodyLimited } from "@/lib/http/body";

// Requests to URLs an org chose (the webhook_call action, alert webhooks): the one rule for both. The address is checked after DNS resolution, by
// the socket's own lookup, so the address checked is the address connected to (no second lookup
// a rebinding DNS could answer differently): private, loopback, link-local, shared, multicast and
// reserved ranges are refused. OUTBOUND_ALLOW_LOOPBACK=true lets loopback through (local
// development and tests only); the other ranges never. Redirects are not followed.

const REFUSED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  REFUSED.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  REFUSED.addSubnet(net, prefix, "ipv6");
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

const mappedV4 = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];

/** Why `address` may not be connected to, or null when it may. */
export function refusalOf(address: string, allowLoopback: boolean): string | null {
  const v4 = mappedV4(address);
  if (v4) return refusalOf(v4, allowLoopback);
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  if (LOOPBACK.check(address, family)) {
    return allowLoopback ? null : "a loopback address";
  }
  return REFUSED.check(address, family) ? "a private, link-local or reserved address" : null;
}

export const outboundLoopbackAllowed = () => env().OUTBOUND_ALLOW_LOOPBACK;

/**
 * Checks a host an org is saving (before any request): every address it resolves to must be
 * allowed. Throws OutboundRefusedError for a refused address, DNS's own error for a name that does
 * not resolve. Requests check again when they connect (a name may resolve elsewhere later).
 */
export async function checkPublicHost(
  hostname: string,
  allowLoopback = outboundLoopbackAllowed(),
): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [{ address: host }]
    : await new Promise<{ address: string }[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
      );
  if (addresses.length === 0) throw new OutboundRefusedError(`${host} has no address`);
  const bad = addresses.map((a) => refusalOf(a.address, allowLoopback)).find(Boolean);
  if (bad) throw new OutboundRefusedError(`${host} resolves to ${bad}`);
}

function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as unknown as { address: string; family: number }[];
      const bad = list.map((a) => refusalOf(a.address, allowLoopback)).find(Boolean);
      if (bad || list.length === 0) {
        return callback(
          new OutboundRefusedError(`${hostname} resolves to ${bad ?? "no address"}`),
          "",
          4,
        );
      }
      if ((options as { all?: boolean }).all) {
        return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      }
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export type OutboundResponse = { status: number; body: string };

/**
 * POSTs `body` to `url` with `headers`, within `timeoutMs`. Throws OutboundRefusedError for a URL
 * or address that is refused and for a redirect; other failures (DNS, connection, timeout) throw
 * their own errors. The response body is read up to 4 KB.
 */
export async function postOutbound(
  url: string,
  headers: Record<string, string>,
  body: string,
  {
    timeoutMs = 5000,
    allowLoopback = outboundLoopbackAllowed(),
  }: { timeoutMs?: number; allowLoopback?: boolean } = {},
): Promise<OutboundResponse> {
  const target = new URL(url);
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new OutboundRefusedError("only http and https URLs are called");
  }
  if (target.username || target.password) {
    throw new OutboundRefusedError("URLs with credentials are not called");
  }
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const bad = refusalOf(host, allowLoopback);
    if (bad) throw new OutboundRefusedError(`${host} is ${bad}`);
  }
  const client = target.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowLoopback),
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          reject(
            new OutboundRefusedError(
              `the destination redirected (HTTP ${status}); redirects are not followed`,
            ),
          );
          return;
        }
        // Read through the one body reader (lib/http/body.ts), up to 4 KB. The wrapper carries no
        // status: a 204 or 205 may not be given to Response with a body, and is read as empty.
        const web = new Response(Readable.toWeb(response) as ReadableStream);
        readBodyLimited(web, 4096).then(
          (body) => resolve({ status, body: body === "too-large" ? "" : body.toString("utf8") }),
          reject,
        );
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}
