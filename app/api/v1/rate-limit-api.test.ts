import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_RATE_LIMIT_DEFAULT_PER_MINUTE } from "@/lib/api-keys/rate-limit";
import { setupFreshDatabase } from "@/test/db";
import { bearer, createApiOrg, expectApiError } from "@/test/api";
import * as contactsRoute from "./contacts/route";
import * as memoryContactRoute from "./memory/contacts/[id]/route";
import * as orgRoute from "./org/route";

await setupFreshDatabase();

// Contract tests of what every /api/v1 answer shares: the per-key rate limit (lib/api-keys/
// rate-limit.ts, put in place once by authenticateApiKey) and Cache-Control: no-store.

const LIMIT = API_RATE_LIMIT_DEFAULT_PER_MINUTE;

const getOrg = (headers: HeadersInit = {}) =>
  orgRoute.GET(new Request("http://localhost/api/v1/org", { headers }));

function rateLimitHeaders(response: Response) {
  return {
    limit: Number(response.headers.get("ratelimit-limit")),
    remaining: Number(response.headers.get("ratelimit-remaining")),
    reset: Number(response.headers.get("ratelimit-reset")),
  };
}

describe("per-key rate limit", () => {
  it("counts each request of a key and says so in the RateLimit headers", async () => {
    const org = await createApiOrg();
    const token = await org.token(["org:read"]);
    const first = await getOrg(bearer(token));
    const second = await getOrg(bearer(token));
    expect(first.status).toBe(200);
    expect(rateLimitHeaders(first)).toMatchObject({ limit: LIMIT, remaining: LIMIT - 1 });
    expect(rateLimitHeaders(second)).toMatchObject({ limit: LIMIT, remaining: LIMIT - 2 });
    for (const response of [first, second]) {
      const { reset } = rateLimitHeaders(response);
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(60);
      expect(response.headers.get("retry-after")).toBeNull();
    }
  });

  it(`answers 429 with Retry-After and the RateLimit headers after ${LIMIT} requests a minute, for that key only`, async () => {
    const org = await createApiOrg();
    const token = await org.token(["org:read"]);
    for (let i = 0; i < LIMIT; i++) {
      const response = await getOrg(bearer(token));
      expect(response.status).toBe(200);
    }
    const refused = await getOrg(bearer(token));
    const error = await expectApiError(refused, 429, "RATE_LIMITED");
    expect(error.message).toMatch(/Retry after \d+ seconds/);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rateLimitHeaders(refused)).toEqual({ limit: LIMIT, remaining: 0, reset: retryAfter });
    expect(refused.headers.get("cache-control")).toBe("no-store");

    // Another key of the same org has its own budget.
    const other = await getOrg(bearer(await org.token(["org:read"])));
    expect(other.status).toBe(200);
    expect(rateLimitHeaders(other).remaining).toBe(LIMIT - 1);
  });

  it("counts requests a key is not allowed to make (403) too", async () => {
    const org = await createApiOrg();
    const token = await org.token(["contacts:read"]);
    const forbidden = await getOrg(bearer(token));
    await expectApiError(forbidden, 403, "FORBIDDEN");
    expect(rateLimitHeaders(forbidden).remaining).toBe(LIMIT - 1);
  });
});

describe("Cache-Control: no-store on every JSON answer", () => {
  it("on success", async () => {
    const org = await createApiOrg();
    const response = await getOrg(bearer(await org.token(["org:read"])));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("on 401, 403, 422 and 404 errors", async () => {
    const org = await createApiOrg();
    const unauthorized = await getOrg(bearer("luneo_not-a-key"));
    await expectApiError(unauthorized, 401, "UNAUTHORIZED");
    expect(unauthorized.headers.get("ratelimit-limit")).toBeNull();

    const forbidden = await getOrg(bearer(await org.token(["contacts:read"])));
    await expectApiError(forbidden, 403, "FORBIDDEN");

    const invalid = await contactsRoute.POST(
      new Request("http://localhost/api/v1/contacts", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...bearer(await org.token(["contacts:write"])),
        },
        body: JSON.stringify({ phone: "not a phone" }),
      }),
    );
    await expectApiError(invalid, 422, "VALIDATION");

    const missingId = randomUUID();
    const missing = await memoryContactRoute.GET(
      new Request(`http://localhost/api/v1/memory/contacts/${missingId}`, {
        headers: bearer(await org.token(["memory:read"])),
      }),
      { params: Promise.resolve({ id: missingId }) },
    );
    await expectApiError(missing, 404, "NOT_FOUND");

    for (const response of [unauthorized, forbidden, invalid, missing]) {
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});
