import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { checkPublicHost, OutboundRefusedError, postOutbound, refusalOf } from "./outbound";

// The one rule for requests to URLs an org chose (alert webhooks, the webhook_call action).

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
    ]) {
      expect(refusalOf(address, false), address).not.toBeNull();
    }
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(refusalOf(address, false), address).toBeNull();
    }
  });

  it("lets loopback through only when allowed, and never the other private ranges", () => {
    expect(refusalOf("127.0.0.1", true)).toBeNull();
    expect(refusalOf("::1", true)).toBeNull();
    expect(refusalOf("10.0.0.1", true)).not.toBeNull();
    expect(refusalOf("169.254.169.254", true)).not.toBeNull();
  });

  it("checks a saved host after DNS: localhost is refused unless loopback is allowed", async () => {
    await expect(checkPublicHost("localhost", false)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(checkPublicHost("[::1]", false)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(checkPublicHost("10.0.0.1", true)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(checkPublicHost("localhost", true)).resolves.toBeUndefined();
  });

  it("never connects to a refused address, nor to another scheme", async () => {
    const options = { timeoutMs: 500, allowLoopback: false };
    await expect(postOutbound("http://127.0.0.1:9/hook", {}, "{}", options)).rejects.toBeInstanceOf(
      OutboundRefusedError,
    );
    await expect(postOutbound("ftp://example.com/hook", {}, "{}", options)).rejects.toBeInstanceOf(
      OutboundRefusedError,
    );
  });
});

describe("postOutbound", () => {
  it("reads an answer without a body (204) as empty, and a body up to 4 KB", async () => {
    const server = createServer((req, res) => {
      if (req.url === "/empty") res.writeHead(204).end();
      else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const options = { timeoutMs: 2000, allowLoopback: true };
      expect(await postOutbound(`http://127.0.0.1:${port}/empty`, {}, "{}", options)).toEqual({
        status: 204,
        body: "",
      });
      expect(await postOutbound(`http://127.0.0.1:${port}/ok`, {}, "{}", options)).toEqual({
        status: 200,
        body: "ok",
      });
    } finally {
      server.close();
    }
  });
});
