import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, channelConnections, channelSecrets } from "@/db/schema";
import { ROTATION_GRACE_HOURS, decryptChannelSecret } from "@/lib/channels/credentials";
import { withSystem } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";
import * as providerRoute from "./[provider]/route";
import * as channelsRoute from "./route";

await setupFreshDatabase();

// Contract tests of /api/v1/channels: the exported handlers called with real Requests against a
// real database, as Next would call them (no server).

const BASE = "http://localhost/api/v1/channels";

const getChannels = (headers: HeadersInit = {}) =>
  channelsRoute.GET(new Request(BASE, { headers }));

function put(provider: string, body: unknown, headers: HeadersInit = {}) {
  return providerRoute.PUT(
    new Request(`${BASE}/${provider}`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ provider }) },
  );
}

const TWILIO_TOKEN = "0123456789abcdef0123456789abcdef";
const NEW_TWILIO_TOKEN = "fedcba9876543210fedcba9876543210";
const VAPI_SECRET = "vapi-shared-secret-0001";
const twilioBody = (authToken?: string) => ({
  accountSid: `AC${"a".repeat(32)}`,
  authToken,
  phoneNumbers: ["+14155552671", "+14155552672"],
  fallbackNumber: "+14155550000",
});
const vapiBody = (secret?: string) => ({
  authMode: "hmac",
  secret,
  assistantId: "asst_123",
  sipAddress: "sip:shop@sip.vapi.ai",
});

/** Every stored row a write could touch, for "nothing was written". */
async function channelRows(orgId: string) {
  return withSystem("test reads channel rows", async (tx) => ({
    connections: await tx
      .select()
      .from(channelConnections)
      .where(eq(channelConnections.orgId, orgId)),
    secrets: await tx.select().from(channelSecrets).where(eq(channelSecrets.orgId, orgId)),
    audit: await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), sql`${auditLog.action} like 'channels.%'`)),
  }));
}

/** No answer carries a secret: neither what was sent nor its ciphertext. */
async function expectNoSecret(response: Response, orgId: string) {
  const text = await response.clone().text();
  for (const secret of [TWILIO_TOKEN, NEW_TWILIO_TOKEN, VAPI_SECRET]) {
    expect(text).not.toContain(secret);
  }
  for (const { ciphertext } of (await channelRows(orgId)).secrets) {
    expect(text).not.toContain(ciphertext);
  }
  expect(text).not.toMatch(/"(authToken|secret|ciphertext)"/);
}

let a: ApiOrg;
let b: ApiOrg;
let aRead: string;
let aWrite: string;
let aOther: string;
let bWrite: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  [aRead, aWrite, aOther, bWrite] = await Promise.all([
    a.token(["channels:read"]),
    a.token(["channels:write"]),
    a.token(["contacts:write"]),
    b.token(["channels:write"]),
  ]);
});

const ENDPOINTS: [string, (headers: HeadersInit) => Promise<Response>][] = [
  ["GET /channels", (h) => getChannels(h)],
  ["PUT /channels/twilio", (h) => put("twilio", twilioBody(TWILIO_TOKEN), h)],
  ["PUT /channels/vapi", (h) => put("vapi", vapiBody(VAPI_SECRET), h)],
];

describe("authentication", () => {
  it.each(ENDPOINTS)("%s answers 401 without a valid key, writing nothing", async (_, call) => {
    const before = await channelRows(a.orgId);
    await expectApiError(await call({}), 401, "UNAUTHORIZED");
    await expectApiError(await call(bearer("luneo_not-a-key")), 401, "UNAUTHORIZED");
    expect(await channelRows(a.orgId)).toEqual(before);
  });

  it.each(ENDPOINTS)("%s answers 403 to a key without the channels scope", async (_, call) => {
    const before = await channelRows(a.orgId);
    const error = await expectApiError(await call(bearer(aOther)), 403, "FORBIDDEN");
    expect(error.message).toMatch(/lacks the scope "channels:(read|write)"/);
    expect(await channelRows(a.orgId)).toEqual(before);
  });

  it("refuses writes to a read-only key", async () => {
    const before = await channelRows(a.orgId);
    for (const [provider, body] of [
      ["twilio", twilioBody(TWILIO_TOKEN)],
      ["vapi", vapiBody(VAPI_SECRET)],
    ] as const) {
      await expectApiError(await put(provider, body, bearer(aRead)), 403, "FORBIDDEN");
    }
    expect(await channelRows(a.orgId)).toEqual(before);
  });

  it("answers every endpoint with no-store and the rate-limit headers", async () => {
    for (const response of [
      await getChannels(bearer(aRead)),
      await put("nope", {}, bearer(aWrite)),
    ]) {
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("ratelimit-limit")).toMatch(/^\d+$/);
    }
  });
});

describe("GET /api/v1/channels", () => {
  it("shows nothing connected for a new org", async () => {
    const org = await createApiOrg();
    const response = await getChannels(bearer(await org.token(["channels:read"])));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { twilio: null, vapi: null } });
  });
});

describe("PUT /api/v1/channels/:provider", () => {
  it("connects Twilio and VAPI, encrypted, and GET shows them without a secret", async () => {
    const twilio = await put("twilio", twilioBody(TWILIO_TOKEN), bearer(aWrite));
    expect(twilio.status).toBe(200);
    await expectNoSecret(twilio, a.orgId);
    const vapi = await put("vapi", vapiBody(VAPI_SECRET), bearer(aWrite));
    expect(vapi.status).toBe(200);
    await expectNoSecret(vapi, a.orgId);

    const response = await getChannels(bearer(aRead));
    await expectNoSecret(response, a.orgId);
    const { data } = (await response.json()) as channelsRoute.ChannelsResponse;
    expect(data.twilio).toMatchObject({
      accountSid: `AC${"a".repeat(32)}`,
      phoneNumbers: ["+14155552671", "+14155552672"],
      fallbackNumber: "+14155550000",
      secretsInGrace: 0,
    });
    expect(Object.keys(data.twilio!.webhookUrls).sort()).toEqual([
      "sms",
      "smsStatus",
      "status",
      "voice",
    ]);
    expect(data.vapi).toMatchObject({
      authMode: "hmac",
      signatureHeader: "x-signature",
      timestampHeader: null,
      assistantId: "asst_123",
      sipAddress: "sip:shop@sip.vapi.ai",
      secretsInGrace: 0,
    });
    expect(data.vapi!.secretSetAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    // Stored encrypted, readable only with the key ring and its own org and connection.
    const { secrets } = await channelRows(a.orgId);
    const twilioSecret = secrets.find((s) => s.connectionId === data.twilio!.id)!;
    expect(twilioSecret.ciphertext).not.toContain(TWILIO_TOKEN);
    expect(decryptChannelSecret(twilioSecret.ciphertext, a.orgId, data.twilio!.id)).toBe(
      TWILIO_TOKEN,
    );
  });

  it("keeps the saved token when none is sent, and a replaced one works for 24 hours", async () => {
    // Updating without a token: the numbers change, the secret stays.
    const kept = await put(
      "twilio",
      { ...twilioBody(), phoneNumbers: ["+14155552679"] },
      bearer(aWrite),
    );
    expect(kept.status).toBe(200);
    const afterKeep = (await kept.json()) as providerRoute.SaveChannelResponse;
    expect(afterKeep.data.twilio).toMatchObject({
      phoneNumbers: ["+14155552679"],
      secretsInGrace: 0,
    });

    const replaced = await put("twilio", twilioBody(NEW_TWILIO_TOKEN), bearer(aWrite));
    await expectNoSecret(replaced, a.orgId);
    const { data } = (await replaced.json()) as providerRoute.SaveChannelResponse;
    expect(data.twilio!.secretsInGrace).toBe(1);
    const secrets = (await channelRows(a.orgId)).secrets.filter(
      (s) => s.connectionId === data.twilio!.id,
    );
    const plain = secrets.map((s) => ({
      secret: decryptChannelSecret(s.ciphertext, a.orgId, data.twilio!.id),
      expiresAt: s.expiresAt,
    }));
    expect(plain.find((s) => s.secret === NEW_TWILIO_TOKEN)?.expiresAt).toBeNull();
    const old = plain.find((s) => s.secret === TWILIO_TOKEN)!;
    const hoursLeft = (old.expiresAt!.getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(ROTATION_GRACE_HOURS - 1);
    expect(hoursLeft).toBeLessThanOrEqual(ROTATION_GRACE_HOURS);
  });

  it("answers 422 with the Channels page's messages, writing nothing", async () => {
    const org = await createApiOrg();
    const write = await org.token(["channels:write"]);
    const before = await channelRows(org.orgId);

    const first = await expectApiError(
      await put("twilio", twilioBody(), bearer(write)),
      422,
      "VALIDATION",
    );
    expect(first.fieldErrors).toEqual({ authToken: ["Paste the Auth Token to connect Twilio."] });

    const bad = await expectApiError(
      await put(
        "twilio",
        { accountSid: "nope", authToken: "short", phoneNumbers: ["0415"], fallbackNumber: "x" },
        bearer(write),
      ),
      422,
      "VALIDATION",
    );
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual([
      "accountSid",
      "authToken",
      "fallbackNumber",
      "phoneNumbers",
    ]);
    expect(bad.fieldErrors?.["phoneNumbers"]).toEqual([
      "“0415” is not in international format. Write each number like +14155552671.",
    ]);

    const vapi = await expectApiError(
      await put("vapi", { authMode: "telepathy", secret: "short" }, bearer(write)),
      422,
      "VALIDATION",
    );
    expect(vapi.fieldErrors).toMatchObject({
      authMode: ["Choose how VAPI authenticates."],
      secret: ["Use a secret of at least 16 characters."],
    });
    const nul = await expectApiError(
      await put("vapi", { ...vapiBody(VAPI_SECRET), assistantId: "a\u0000b" }, bearer(write)),
      422,
      "VALIDATION",
    );
    expect(Object.keys(nul.fieldErrors ?? {})).toEqual(["assistantId"]);
    await expectApiError(await put("vapi", "{not json", bearer(write)), 422, "VALIDATION");
    await expectApiError(await put("vapi", [], bearer(write)), 422, "VALIDATION");

    expect(await channelRows(org.orgId)).toEqual(before);
  });

  it("answers 404 for a channel that does not exist, after the key", async () => {
    const error = await expectApiError(await put("slack", {}, bearer(aWrite)), 404, "NOT_FOUND");
    expect(error.message).toBe('There is no channel "slack": use twilio or vapi.');
    await expectApiError(await put("slack", {}, {}), 401, "UNAUTHORIZED");
  });

  it("keeps orgs apart: a key writes and reads its own org only", async () => {
    const beforeA = await channelRows(a.orgId);
    const response = await put("vapi", vapiBody("another-org-secret-01"), bearer(bWrite));
    expect(response.status).toBe(200);
    expect(await channelRows(a.orgId)).toEqual(beforeA);
    const { data } = (await (
      await getChannels(bearer(await b.token(["channels:read"])))
    ).json()) as channelsRoute.ChannelsResponse;
    expect(data.twilio).toBeNull();
    expect(data.vapi?.id).not.toBe(beforeA.connections.find((c) => c.provider === "vapi")?.id);
  });

  it("records who changed what in the org's audit log: the key, never the secret", async () => {
    const entries = await withSystem("test reads audit", (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, a.orgId), sql`${auditLog.action} like 'channels.%'`)),
    );
    expect(entries.map((e) => e.action).sort()).toEqual([
      "channels.twilio_connected",
      "channels.twilio_updated",
      "channels.twilio_updated",
      "channels.vapi_connected",
    ]);
    expect(new Set(entries.map((e) => e.actorType))).toEqual(new Set(["api_key"]));
    expect(JSON.stringify(entries)).not.toContain(TWILIO_TOKEN);
  });
});
