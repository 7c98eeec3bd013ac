import { connect, type AddressInfo } from "node:net";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { signTwilio } from "@/test/fixtures/sign";
import { callStatusCallback } from "@/test/fixtures/twilio";
import { statusUpdate } from "@/test/fixtures/vapi";
import { connectChannels, PUBLIC_URL, type Connected } from "@/test/webhooks";
import { waitFor } from "@/test/wait";
import { postWholeBody } from "@/test/whole-body-client";
import { MAX_BODY_BYTES } from "./receive";
import { nodeHeaders, startWebhookServer, targetOf, webhookRequestListener } from "./standalone";

await setupFreshDatabase();

let server: Server;
let base: string;
let owner: TestOwner;
let channels: Connected;

beforeAll(async () => {
  server = await startWebhookServer(0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  owner = await createOwner();
  channels = await connectChannels(owner.ctx);
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopBoss();
});

describe("the standalone webhook receiver (npm run webhooks)", () => {
  it("stores a VAPI event over real HTTP, like the Next route", async () => {
    const response = await fetch(`${base}/api/webhooks/vapi/${channels.vapiEndpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-vapi-secret": channels.vapiSecret },
      body: JSON.stringify(statusUpdate("ringing", { callId: "standalone-call-1" })),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const rows = await withTenant(owner.ctx, (tx) =>
      tx.select().from(webhookEvents).where(eq(webhookEvents.orgId, owner.orgId)),
    );
    expect(rows.map((r) => r.kind)).toEqual(["status-update"]);
  });

  it("verifies Twilio against the public URL, whatever address it was reached on", async () => {
    const path = `/api/webhooks/twilio/${channels.twilioEndpoint}/status`;
    const params = callStatusCallback("ringing");
    const post = (signature: string) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature,
        },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post(signTwilio(`${base}${path}`, params, channels.authToken))).status).toBe(401);
    expect(
      (await post(signTwilio(`${PUBLIC_URL}${path}`, params, channels.authToken))).status,
    ).toBe(200);
  });

  it("answers 404 for other paths, 405 for other methods, and reports health", async () => {
    expect((await fetch(`${base}/api/v1/org`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${base}/api/webhooks/vapi/${channels.vapiEndpoint}`)).status).toBe(405);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok" });
  });

  it("answers a target URL cannot read (`//`) as an unknown endpoint, and stays up", async () => {
    for (const [method, status] of [
      ["POST", 404],
      ["GET", 405],
    ] as const) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect((server.address() as AddressInfo).port, "127.0.0.1", () =>
          socket.end(`${method} // HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`),
        );
        let text = "";
        socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
      expect(answer.split("\r\n")[0]).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`);
    }
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it("answers 503, and stays up, when a request throws outside its handler's own catch", async () => {
    // A request whose very target cannot be read: the failure happens before any handler step.
    const req = {
      method: "POST",
      headers: {},
      get url(): string {
        throw new Error("no target");
      },
    } as unknown as IncomingMessage;
    const written: { status?: number; body?: string } = {};
    const res = {
      headersSent: false,
      writeHead(status: number) {
        written.status = status;
        return this;
      },
      end(body: string) {
        written.body = body;
      },
      destroy() {},
    } as unknown as ServerResponse;
    webhookRequestListener(req, res);
    await waitFor(
      async () => written.status,
      (status) => status !== undefined,
    );
    expect(written).toStrictEqual({
      status: 503,
      body: "Temporarily unable to store the event; please retry.",
    });
  });

  it("answers 413 to a 6 MB body that a client writes in full before reading", async () => {
    const body = Buffer.alloc(6 * 1024 * 1024, "x");
    expect(body.length).toBeGreaterThan(MAX_BODY_BYTES);
    for (const [path, contentType] of [
      [`/api/webhooks/vapi/${channels.vapiEndpoint}`, "application/json"],
      [`/api/webhooks/twilio/${channels.twilioEndpoint}/sms`, "application/x-www-form-urlencoded"],
    ] as const) {
      const answer = await postWholeBody(base, path, { "Content-Type": contentType }, body);
      expect(answer).toMatchObject({ status: 413, error: null });
    }
    // Without Content-Length (chunked), the count of what arrives decides the same way.
    const response = await fetch(`${base}/api/webhooks/vapi/${channels.vapiEndpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Blob([body]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });
});

describe("the receiver's reading of a request, without web Headers and URL objects", () => {
  it("answers a header as web Headers would (any case, several values, whitespace)", () => {
    const parsed = {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": " c2lnbmF0dXJl= \t",
      "x-padded": "\t",
      "set-cookie": ["a=1", " b=2 "],
    };
    const web = new Headers();
    for (const [name, value] of Object.entries(parsed))
      for (const v of [value].flat()) web.append(name, v);
    const ours = nodeHeaders(parsed);
    for (const name of [
      "content-type",
      "Content-Type",
      "x-twilio-signature",
      "x-padded",
      "set-cookie",
      "x-absent",
    ])
      expect(ours.get(name)).toBe(web.get(name));
  });

  it("reads a request target's path and query as URL does", () => {
    const piece = fc.constantFrom(
      "/api/webhooks/twilio/",
      "/api/webhooks/vapi/",
      "Ab_-9",
      "/",
      "//",
      "/./",
      "/../",
      "%2e",
      "%2F",
      "?",
      "&",
      "=",
      "'",
      '"',
      "#",
      " ",
      "<",
      "é",
      "\\",
      "status",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const target = `/${pieces.join("")}`;
        const url = URL.canParse(target, "http://receiver.local")
          ? new URL(target, "http://receiver.local")
          : { pathname: "", search: "" };
        expect(targetOf(target)).toEqual({ pathname: url.pathname, search: url.search });
      }),
      { numRuns: 3000 },
    );
  });
});
