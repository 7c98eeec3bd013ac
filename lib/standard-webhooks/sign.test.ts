import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { isWebhookSecret, newWebhookSecret, signWebhook } from "./sign";

// The reference implementation is the judge: what Luneo signs must verify with it, and must not
// verify once the body, the id, the time or the secret differs.

const body = JSON.stringify({ type: "incident.updated", incident: { id: "i1" } });

describe("signWebhook", () => {
  it("signs what the standardwebhooks library verifies", () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(secret, "msg_1", new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("refuses a changed body, another id or another secret", () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(secret, "msg_1", new Date(), body);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "msg_2" })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("writes the timestamp in whole seconds", () => {
    const headers = signWebhook(newWebhookSecret(), "m", new Date(1_700_000_000_999), body);
    expect(headers["webhook-timestamp"]).toBe("1700000000");
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });
});

describe("secrets", () => {
  it("new secrets are whsec_ secrets of 24 bytes, each different", () => {
    const a = newWebhookSecret();
    expect(isWebhookSecret(a)).toBe(true);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(24);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it("refuses what is not a whsec_ secret of at least 16 bytes", () => {
    expect(isWebhookSecret("whsec_c2hvcnQ=")).toBe(false);
    expect(isWebhookSecret("sk_live_abcdefabcdefabcdefabcdef")).toBe(false);
    expect(isWebhookSecret("whsec_not base64!!")).toBe(false);
  });
});
