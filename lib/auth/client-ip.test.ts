import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientIp, normaliseIp } from "./client-ip";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

// The app's server (patched Next, see client-ip.ts) appends the TCP peer as the last entry.
describe("clientIp", () => {
  it("with no trusted proxy, is the socket address whatever the client put in front of it", () => {
    expect(clientIp(xff("203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientIp(xff("1.2.3.4, 203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientIp(xff("evil, 6.6.6.6, 203.0.113.9"), 0)).toBe("203.0.113.9");
  });

  it("behind N trusted proxies, is the entry the outermost one appended", () => {
    // client-forged, client (by the load balancer), load balancer (the socket peer)
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, 10.0.0.2"), 1)).toBe("198.51.100.7");
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, 10.0.0.3, 10.0.0.2"), 2)).toBe("198.51.100.7");
    // Fewer entries than hops: the left-most, which a trusted hop still wrote.
    expect(clientIp(xff("10.0.0.2"), 2)).toBe("10.0.0.2");
  });

  it("is 'unknown' without the header or with garbage in the chosen entry", () => {
    expect(clientIp(new Headers(), 0)).toBe("unknown");
    expect(clientIp(new Headers({ "x-real-ip": "1.2.3.4" }), 0)).toBe("unknown");
    expect(clientIp(xff("1.2.3.4, not-an-ip"), 0)).toBe("unknown");
  });

  it("never lets a forged prefix change the answer (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), fc.ipV4(), (forged, peer) => {
        const header = [...forged.map((s) => s.replace(/[\r\n]/g, "")), peer].join(", ");
        expect(clientIp(xff(header), 0)).toBe(peer);
      }),
    );
  });
});

describe("normaliseIp", () => {
  it("writes each address one way", () => {
    expect(normaliseIp("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normaliseIp("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normaliseIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normaliseIp("192.0.2.1:8080")).toBe("192.0.2.1");
  });

  it("turns anything that is not an address into 'unknown'", () => {
    for (const value of ["", "unknown", "x".repeat(300), "1.2.3.4.5", "localhost", "::ffff:evil"]) {
      expect(normaliseIp(value)).toBe("unknown");
    }
  });
});
