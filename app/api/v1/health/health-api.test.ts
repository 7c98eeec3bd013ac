import { beforeAll, describe, expect, it } from "vitest";
import { openIncident, postIncidentUpdate } from "@/lib/health/service";
import { setupFreshDatabase } from "@/test/db";
import { bearer, createApiOrg, expectApiError, type ApiOrg } from "@/test/api";
import { connectChannels } from "@/test/webhooks";
import type { HealthResponse, IncidentsResponse } from "@/lib/health/http";
import * as healthRoute from "./route";
import * as incidentsRoute from "../incidents/route";

await setupFreshDatabase();

// Contract tests of /api/v1/health and /api/v1/incidents: the exported handlers called with real
// Requests against a real database (docs/api/health.md).

const health = (headers: HeadersInit = {}) =>
  healthRoute.GET(new Request("http://localhost/api/v1/health", { headers }));
const list = (search: string, headers: HeadersInit = {}) =>
  incidentsRoute.GET(new Request(`http://localhost/api/v1/incidents${search}`, { headers }));

let a: ApiOrg;
let b: ApiOrg;
let resolvedId: string;
let openId: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createApiOrg(), createApiOrg()]);
  await connectChannels(a.ctx);
  resolvedId = (
    await openIncident(a.ctx, {
      title: "Texts to the lettings line arrive late",
      component: "sms",
      impact: "degraded_performance",
      body: "Twilio reports carrier delays.",
    })
  ).id;
  await postIncidentUpdate(a.ctx, {
    incidentId: resolvedId,
    status: "resolved",
    body: "Delivered.",
  });
  openId = (
    await openIncident(a.ctx, {
      title: "Calls to the showroom drop",
      component: "phone",
      impact: "partial_outage",
      body: "Looking into it.",
    })
  ).id;
});

describe("GET /api/v1/health", () => {
  it("answers each connected component with status, since and why, and the open incidents", async () => {
    const response = await health(bearer(await a.token(["health:read"])));
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as HealthResponse;
    expect(data.components.map((c) => c.id)).toEqual([
      "phone",
      "sms",
      "vapi",
      "agent",
      "ai_providers",
      "processing",
      "credentials",
    ]);
    for (const c of data.components) {
      expect(c.status).toMatch(/^(operational|degraded_performance|partial_outage|major_outage)$/);
      expect(c.reason.length).toBeGreaterThan(0);
    }
    expect(data.incidents.map((i) => i.id)).toEqual([openId]);
    expect(data.incidents[0]!.updates).toMatchObject([
      { status: "investigating", body: "Looking into it." },
    ]);
  });

  it("only lists the processing component for an org without channels", async () => {
    const { data } = (await (
      await health(bearer(await b.token(["health:read"])))
    ).json()) as HealthResponse;
    expect(data.components.map((c) => c.id)).toEqual(["processing"]);
    expect(data.incidents).toEqual([]);
  });

  it("refuses a key without health:read, and no key at all", async () => {
    await expectApiError(await health(bearer(await a.token(["contacts:read"]))), 403, "FORBIDDEN");
    await expectApiError(await health(), 401, "UNAUTHORIZED");
  });
});

describe("GET /api/v1/incidents", () => {
  it("lists incidents newest first, filtered by status", async () => {
    const token = await a.token(["health:read"]);
    const all = (await (await list("", bearer(token))).json()) as IncidentsResponse;
    expect(all.data.map((i) => i.id)).toEqual([openId, resolvedId]);
    expect(all.nextCursor).toBeNull();
    const resolved = (await (
      await list("?status=resolved", bearer(token))
    ).json()) as IncidentsResponse;
    expect(resolved.data.map((i) => i.id)).toEqual([resolvedId]);
    expect(resolved.data[0]).toMatchObject({
      status: "resolved",
      component: "sms",
      origin: "manual",
    });
  });

  it("keeps each org's incidents to itself", async () => {
    const other = (await (
      await list("", bearer(await b.token(["health:read"])))
    ).json()) as IncidentsResponse;
    expect(other.data).toEqual([]);
  });

  it("answers a bad status filter with a validation error", async () => {
    const error = await expectApiError(
      await list("?status=broken", bearer(await a.token(["health:read"]))),
      422,
      "VALIDATION",
    );
    expect(error.fieldErrors?.status).toEqual(["Use status=open or status=resolved."]);
  });
});
