import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// Local stand-ins for the provider APIs Luneo calls to check credentials, answering in their
// formats: Twilio's REST API (GET /2010-04-01/Accounts/{Sid}.json, Basic auth with SID and Auth
// Token; errors as {code, message, more_info, status}) and VAPI's (GET /assistant, Bearer private
// key; errors as {message, error, statusCode}). Each answer is chosen per credential, so tests of
// several orgs run side by side; an unknown credential gets the default.

export type TwilioAnswer = "active" | "suspended" | "closed" | "unauthorized" | "hang";
export type VapiAnswer = "ok" | "unauthorized" | "hang";

export type ProviderApis = {
  url: string;
  twilio: Map<string, TwilioAnswer>;
  vapi: Map<string, VapiAnswer>;
  /** Paths and auth schemes seen (never the credentials themselves). */
  requests: { path: string; scheme: string }[];
  close: () => Promise<void>;
};

const json = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};

function credentialOf(req: IncomingMessage): { scheme: string; value: string } {
  const [scheme = "", value = ""] = (req.headers.authorization ?? "").split(" ");
  return { scheme, value };
}

export async function startProviderApis(): Promise<ProviderApis> {
  const twilio = new Map<string, TwilioAnswer>();
  const vapi = new Map<string, VapiAnswer>();
  const requests: ProviderApis["requests"] = [];
  const hanging = new Set<import("node:http").ServerResponse>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const auth = credentialOf(req);
    requests.push({ path: url.pathname, scheme: auth.scheme });
    const account = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\.json$/.exec(url.pathname);
    if (req.method === "GET" && account) {
      const [sid, token] = Buffer.from(auth.value, "base64").toString("utf8").split(":");
      const answer =
        (auth.scheme === "Basic" && sid === account[1] && twilio.get(token ?? "")) || "active";
      if (auth.scheme !== "Basic" || answer === "unauthorized") {
        return json(res, 401, {
          code: 20003,
          message: "Authenticate",
          more_info: "https://www.twilio.com/docs/errors/20003",
          status: 401,
        });
      }
      if (answer === "hang") return void hanging.add(res);
      return json(res, 200, {
        sid: account[1],
        friendly_name: "My first Twilio account",
        status: answer,
        type: "Full",
        date_created: "Tue, 04 Mar 2025 17:12:01 +0000",
        uri: `/2010-04-01/Accounts/${account[1]}.json`,
      });
    }
    if (req.method === "GET" && url.pathname === "/assistant") {
      const answer = auth.scheme === "Bearer" ? (vapi.get(auth.value) ?? "ok") : "unauthorized";
      if (answer === "hang") return void hanging.add(res);
      if (answer === "unauthorized") {
        return json(res, 401, {
          message:
            "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.",
          error: "Unauthorized",
          statusCode: 401,
        });
      }
      return json(res, 200, [{ id: "c7a1e5d2-8b3f-4a6c-9e0d-1f2b3c4d5e6f", name: "Front desk" }]);
    }
    json(res, 404, { message: "Cannot GET", error: "Not Found", statusCode: 404 });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    twilio,
    vapi,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ReceivedHook = { headers: Record<string, string>; body: string };

/** A webhook receiver on a loopback port: records every POST, answers `status` (default 204). */
export async function startHookReceiver() {
  const received: ReceivedHook[] = [];
  let status = 204;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.join(",") : (v ?? ""),
          ]),
        ),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/luneo`,
    received,
    answer: (code: number) => {
      status = code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
