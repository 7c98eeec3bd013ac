import { describe, expect, it } from "vitest";
import { withSystem } from "@/lib/db/scopes";
import { route } from "@/lib/http/route";
import { setupFreshDatabase } from "@/test/db";
import { readPlatformHealth } from "./platform";
import {
  bucketOf,
  flushRequestStats,
  percentileOfBuckets,
  REQUEST_LATENCY_BUCKETS_MS,
  surfaceOf,
} from "./request-stats";

// Platform request figures: route handlers' answers counted by surface, written by a flush and
// read back for staff as a 5xx count and a p95 over the buckets.

await setupFreshDatabase();

describe("percentileOfBuckets", () => {
  it("answers the bound of the bucket where the percentile falls", () => {
    const buckets = REQUEST_LATENCY_BUCKETS_MS.map(() => 0);
    buckets[bucketOf(10)] = 94;
    buckets[bucketOf(700)] = 6;
    expect(percentileOfBuckets(buckets, 95)).toBe(1000);
    expect(percentileOfBuckets(buckets, 50)).toBe(25);
    expect(
      percentileOfBuckets(
        buckets.map(() => 0),
        95,
      ),
    ).toBeNull();
    expect(bucketOf(60_000)).toBe(REQUEST_LATENCY_BUCKETS_MS.length - 1);
  });

  it("tells the surfaces apart by path", () => {
    expect(surfaceOf("/api/v1/health")).toBe("api");
    expect(surfaceOf("/api/webhooks/vapi/x")).toBe("webhooks");
    expect(surfaceOf("/api/contacts/import")).toBe("app");
  });
});

describe("route handlers' answers", () => {
  it("are counted per surface with their 5xx, for staff", async () => {
    const ok = route(async () => Response.json({ ok: true }));
    const broken = route(async () => {
      throw new Error("a bug, not input");
    });
    for (let i = 0; i < 3; i++) await ok(new Request("http://localhost/api/v1/health"));
    expect((await broken(new Request("http://localhost/api/v1/incidents"))).status).toBe(500);
    await flushRequestStats();
    await ok(new Request("http://localhost/api/v1/health"));
    await flushRequestStats();
    const health = await withSystem("test reads platform health", readPlatformHealth);
    const api = health.requests.find((r) => r.surface === "api")!;
    expect(api).toMatchObject({ requests: 5, serverErrors: 1 });
    expect(api.p95Ms).not.toBeNull();
  });
});
