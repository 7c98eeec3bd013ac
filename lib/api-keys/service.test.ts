import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { parseToken } from "@/lib/auth/tokens";
import { withSystem } from "@/lib/db/scopes";
import { countRows, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { authenticateApiKey } from "./authenticate";
import { createApiKeySchema } from "./scopes";
import { API_KEY_PREFIX, createApiKey, listApiKeys, revokeApiKey } from "./service";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let aAdmin: TestMember;
let aMember: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [aAdmin, aMember] = await Promise.all([addMember(a.ctx, "admin"), addMember(a.ctx, "member")]);
});

async function storedKey(orgId: string, id: string) {
  const [row] = await withSystem("test", (tx) =>
    tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.id, id))),
  );
  return row;
}

function bearer(token: string) {
  return `Bearer ${token}`;
}

/** The token with one byte of its secret changed. */
function tamperSecret(token: string): string {
  const body = Buffer.from(token.slice(API_KEY_PREFIX.length + 1), "base64url");
  body[50] = body[50]! ^ 0x80;
  return `${API_KEY_PREFIX}_${body.toString("base64url")}`;
}

/** The same key id and secret, claiming another org. */
function withOrg(token: string, orgId: string): string {
  const body = Buffer.from(token.slice(API_KEY_PREFIX.length + 1), "base64url");
  Buffer.from(orgId.replace(/-/g, ""), "hex").copy(body, 0);
  return `${API_KEY_PREFIX}_${body.toString("base64url")}`;
}

describe("createApiKey", () => {
  it("returns the token once and stores only its hash", async () => {
    const { id, token } = await createApiKey(a.ctx, {
      name: "CRM sync",
      scopes: ["contacts:read", "contacts:write"],
    });
    expect(token).toMatch(/^luneo_[A-Za-z0-9_-]{75}$/);
    const row = await storedKey(a.orgId, id);
    expect(row).toMatchObject({
      orgId: a.orgId,
      name: "CRM sync",
      scopes: ["contacts:read", "contacts:write"],
      createdBy: a.userId,
      revokedAt: null,
    });
    const secret = parseToken(API_KEY_PREFIX, token)!.secret;
    expect(row!.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(row!.lastFour).toBe(token.slice(-4));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(API_KEY_PREFIX.length + 1));
    expect(stored).not.toContain(secret.toString("base64url"));
    expect(stored).not.toContain(secret.toString("hex"));
  });

  it("never lists the token or the hash", async () => {
    const { id, token } = await createApiKey(a.ctx, { name: "Listed", scopes: ["org:read"] });
    const listed = (await listApiKeys(a.ctx)).find((k) => k.id === id);
    expect(listed).toMatchObject({
      name: "Listed",
      scopes: ["org:read"],
      lastFour: token.slice(-4),
      revokedAt: null,
    });
    expect(listed).not.toHaveProperty("secretHash");
    expect(JSON.stringify(listed)).not.toContain(token.slice(6, -4));
  });

  it("stores each scope once", async () => {
    const { id } = await createApiKey(a.ctx, {
      name: "Dupes",
      scopes: ["org:read", "org:read", "memory:read"],
    });
    expect((await storedKey(a.orgId, id))?.scopes).toEqual(["org:read", "memory:read"]);
  });

  it("lets an admin create and revoke keys", async () => {
    const { id, token } = await createApiKey(aAdmin.ctx, { name: "Admin's", scopes: ["org:read"] });
    expect((await authenticateApiKey(bearer(token), "org:read")).org.id).toBe(a.orgId);
    await revokeApiKey(aAdmin.ctx, id);
    await expectAppError(authenticateApiKey(bearer(token), "org:read"), "UNAUTHORIZED");
  });
});

describe("authenticateApiKey", () => {
  let key: { id: string; token: string };

  beforeAll(async () => {
    key = await createApiKey(a.ctx, { name: "Auth", scopes: ["contacts:read", "org:read"] });
  });

  it("returns the context of the key's org, acting as the key", async () => {
    const ctx = await authenticateApiKey(bearer(key.token), "contacts:read");
    expect(ctx).toEqual({
      org: a.ctx.org,
      actor: {
        type: "api_key",
        keyId: key.id,
        scopes: ["contacts:read", "org:read"],
        // What its scopes grant, checked by the same requirePermission as a person's role.
        permissions: ["contacts.read", "org.read"],
      },
    });
    expect((await storedKey(a.orgId, key.id))?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("accepts any case of the scheme and extra spaces", async () => {
    expect((await authenticateApiKey(`bearer   ${key.token}`, "org:read")).org.id).toBe(a.orgId);
  });

  it.each([
    ["a missing header", () => null],
    ["an empty header", () => ""],
    ["no token after Bearer", () => "Bearer "],
    ["another scheme", () => `Basic ${Buffer.from(`user:${key.token}`).toString("base64")}`],
    ["the bare token without Bearer", () => key.token],
    ["garbage", () => "Bearer hello"],
    ["a truncated token", () => bearer(key.token.slice(0, -10))],
    ["an invitation-shaped token", () => bearer(key.token.replace(/^luneo_/, "inv_"))],
    ["a tampered secret", () => bearer(tamperSecret(key.token))],
    ["the key pointed at another org", () => bearer(withOrg(key.token, b.orgId))],
    ["two tokens", () => `Bearer ${key.token} ${key.token}`],
  ])("rejects %s as UNAUTHORIZED", async (_label, header) => {
    const error = await expectAppError(
      authenticateApiKey(header(), "contacts:read"),
      "UNAUTHORIZED",
    );
    expect(error.message).not.toContain(key.token);
  });

  it("rejects a revoked key as UNAUTHORIZED", async () => {
    const revoked = await createApiKey(a.ctx, { name: "Soon revoked", scopes: ["contacts:read"] });
    expect((await authenticateApiKey(bearer(revoked.token), "contacts:read")).org.id).toBe(a.orgId);
    await revokeApiKey(a.ctx, revoked.id);
    await expectAppError(
      authenticateApiKey(bearer(revoked.token), "contacts:read"),
      "UNAUTHORIZED",
    );
  });

  it("rejects a key without the required scope as FORBIDDEN", async () => {
    const error = await expectAppError(
      authenticateApiKey(bearer(key.token), "contacts:write"),
      "FORBIDDEN",
    );
    expect(error.message).toContain("contacts:write");
  });
});

describe("roles", () => {
  it("a member cannot create, revoke or list keys, and nothing is written", async () => {
    const existing = await createApiKey(a.ctx, { name: "Owner's", scopes: ["org:read"] });
    const before = await countRows();
    await expectAppError(
      createApiKey(aMember.ctx, { name: "Member's", scopes: ["org:read"] }),
      "FORBIDDEN",
    );
    await expectAppError(revokeApiKey(aMember.ctx, existing.id), "FORBIDDEN");
    await expectAppError(listApiKeys(aMember.ctx), "FORBIDDEN");
    expect(await countRows()).toEqual(before);
    expect((await storedKey(a.orgId, existing.id))?.revokedAt).toBeNull();
  });

  it("an API key cannot create keys", async () => {
    const { token } = await createApiKey(a.ctx, { name: "Machine", scopes: ["org:read"] });
    const keyCtx = await authenticateApiKey(bearer(token), "org:read");
    const before = await countRows();
    await expectAppError(
      createApiKey(keyCtx, { name: "Spawned", scopes: ["org:read"] }),
      "FORBIDDEN",
    );
    expect(await countRows()).toEqual(before);
  });
});

describe("across orgs", () => {
  it("org B cannot revoke org A's key (NOT_FOUND) and the key keeps working", async () => {
    const { id, token } = await createApiKey(a.ctx, { name: "A's", scopes: ["org:read"] });
    const before = await countRows();
    await expectAppError(revokeApiKey(b.ctx, id), "NOT_FOUND");
    expect(await countRows()).toEqual(before);
    expect((await storedKey(a.orgId, id))?.revokedAt).toBeNull();
    expect((await authenticateApiKey(bearer(token), "org:read")).org.id).toBe(a.orgId);
  });

  it("listApiKeys of org B never shows A's keys", async () => {
    const aKey = await createApiKey(a.ctx, { name: "A only", scopes: ["org:read"] });
    const bKey = await createApiKey(b.ctx, { name: "B only", scopes: ["org:read"] });
    const aIds = (
      await withSystem("test", (tx) =>
        tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.orgId, a.orgId)),
      )
    ).map((r) => r.id);
    expect(aIds).toContain(aKey.id);
    const listedForB = (await listApiKeys(b.ctx)).map((k) => k.id);
    expect(listedForB).toEqual([bKey.id]);
    expect((await listApiKeys(a.ctx)).map((k) => k.id)).not.toContain(bKey.id);
  });

  it("revoking an unknown id is NOT_FOUND", async () => {
    await expectAppError(revokeApiKey(a.ctx, "00000000-0000-4000-8000-000000000000"), "NOT_FOUND");
  });
});

describe("createApiKeySchema (bad input)", () => {
  it.each([
    ["no scopes", { name: "x", scopes: [] }, "scopes"],
    ["an unknown scope", { name: "x", scopes: ["contacts:read", "admin:all"] }, "scopes.1"],
    ["scopes that are not a list", { name: "x", scopes: "contacts:read" }, "scopes"],
    ["an empty name", { name: "   ", scopes: ["org:read"] }, "name"],
    ["a name that is too long", { name: "x".repeat(81), scopes: ["org:read"] }, "name"],
  ])("rejects %s", (_label, raw, path) => {
    const result = createApiKeySchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([path]);
  });

  it("accepts a trimmed name and known scopes", () => {
    expect(createApiKeySchema.parse({ name: "  CRM  ", scopes: ["contacts:read"] })).toEqual({
      name: "CRM",
      scopes: ["contacts:read"],
    });
  });
});
