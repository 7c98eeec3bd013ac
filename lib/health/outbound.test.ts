import { describe, expect, it } from "vitest";
import {
  isForbiddenAddress,
  OutboundRefusedError,
  postToPublicUrl,
  resolvePublic,
} from "./outbound";

describe("outbound address rule", () => {
  it("refuses private, loopback, link-local and reserved addresses, v4 and v6", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd12:3456::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not an address",
    ]) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isForbiddenAddress(address), address).toBe(false);
    }
  });

  it("checks names after DNS: localhost is refused unless loopback is allowed", async () => {
    await expect(resolvePublic("localhost", false)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(resolvePublic("[::1]", false)).rejects.toBeInstanceOf(OutboundRefusedError);
    expect((await resolvePublic("localhost", true)).length).toBeGreaterThan(0);
  });

  it("never connects to a refused address", async () => {
    await expect(
      postToPublicUrl("http://127.0.0.1:9/hook", "{}", {}, { allowPrivate: false, timeoutMs: 500 }),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(
      postToPublicUrl("ftp://example.com/hook", "{}", {}, { allowPrivate: false, timeoutMs: 500 }),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
  });
});
