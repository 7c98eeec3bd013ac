import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversations } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { stopBoss } from "@/lib/jobs/boss";
import { saveBusinessProfile, chooseVertical } from "@/lib/onboarding/service";
import { backfillRollups } from "@/lib/roi/service";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";
import { setupFreshDatabase } from "@/test/db";
import { GET, type RoiResponse } from "./route";

await setupFreshDatabase();
afterAll(stopBoss);

// Contract tests of GET /api/v1/roi (docs/api/roi.md): the exported handler with real Requests.

const get = (query: string, headers: HeadersInit = {}) =>
  GET(new Request(`http://localhost/api/v1/roi?${query}`, { headers }), {
    params: Promise.resolve({}),
  });

let a: ApiOrg;
let b: ApiOrg;
let aRoi: string;
let aOther: string;
let bRoi: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  await saveBusinessProfile(a.ctx, {
    name: "Harbour Homes",
    country: "US",
    timezone: "America/New_York",
    language: "en-US",
    hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  });
  await chooseVertical(a.ctx, { slug: "real-estate", version: 2 });
  [aRoi, aOther, bRoi] = await Promise.all([
    a.token(["roi:read"]),
    a.token(["contacts:read"]),
    b.token(["roi:read"]),
  ]);
  await withTenant(a.ctx, (tx) =>
    tx.insert(conversations).values(
      ["2026-11-02T15:00:00Z", "2026-11-03T15:00:00Z", "2026-11-10T15:00:00Z"].map((at) => ({
        orgId: tx.orgId,
        channel: "voice" as const,
        direction: "inbound" as const,
        status: "ended",
        startedAt: new Date(at),
        durationSeconds: 120,
        cost: 0.25,
      })),
    ),
  );
  await backfillRollups(a.orgId);
});

describe("GET /api/v1/roi", () => {
  it("answers the range's totals, terms and series with the formula and assumptions behind them", async () => {
    const response = await get("from=2026-11-02&to=2026-11-15&granularity=week", bearer(aRoi));
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as RoiResponse;
    expect(data).toMatchObject({
      from: "2026-11-02",
      to: "2026-11-15",
      granularity: "week",
      timezone: "America/New_York",
      currency: "USD",
      formulaVersion: 2,
      assumptions: expect.objectContaining({ minutesPerCall: 10, loadedHourlyCost: 45 }),
      totals: expect.objectContaining({ callsAnswered: 3, afterHoursCalls: 3, agentCost: 0.75 }),
    });
    expect(data.series.map((s) => [s.period, s.totals.callsAnswered])).toEqual([
      ["2026-11-02", 2],
      ["2026-11-09", 1],
    ]);
    // The range's figure is the sum of its periods.
    expect(data.net).toBeCloseTo(
      data.series.reduce((s, p) => s + p.net, 0),
      2,
    );
    expect(data.terms.agentCost).toBe(0.75);
    expect(data.applied).toHaveLength(1);
  });

  it("another org's key sees its own figures only", async () => {
    const response = await get("from=2026-11-02&to=2026-11-15", bearer(bRoi));
    const { data } = (await response.json()) as RoiResponse;
    expect(data.totals.conversations).toBe(0);
  });

  it("needs the roi:read scope and a key", async () => {
    await expectApiError(
      await get("from=2026-11-02&to=2026-11-15", bearer(aOther)),
      403,
      "FORBIDDEN",
    );
    await expectApiError(await get("from=2026-11-02&to=2026-11-15"), 401, "UNAUTHORIZED");
  });

  it.each([
    ["from=2026-11-15&to=2026-11-02", "to"],
    ["from=2025-01-01&to=2026-11-02", "to"],
    ["from=2026-13-01&to=2026-11-02", "from"],
    ["from=2026-11-01", "to"],
    ["from=2026-11-01&to=2026-11-02&granularity=hour", "granularity"],
  ])("refuses %s with 422 and a sentence on the field", async (query, field) => {
    const error = await expectApiError(await get(query, bearer(aRoi)), 422, "VALIDATION");
    expect(error.fieldErrors?.[field]?.[0]).toMatch(/\w+ \w+/);
  });
});
