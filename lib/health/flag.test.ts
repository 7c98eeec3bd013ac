import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAV_ITEMS, visibleNavItems } from "@/components/shell/nav";
import { IncidentBanner } from "@/components/health/incident-banner";
import { flagsForOrg } from "@/lib/flags/evaluate";
import { setFlagOverride } from "@/lib/flags/overrides";
import { isHiddenPath, requireFlagOr404 } from "@/lib/flags/pages";
import { configurePostHog } from "@/lib/flags/posthog";
import { FLAGS } from "@/lib/flags/registry";
import type { JobRun } from "@/lib/jobs/define";
import { stopBoss } from "@/lib/jobs/boss";
import type { Operator } from "@/lib/staff/actor";
import { grantStaff, loadStaffMember } from "@/lib/staff/staff";
import { bearer, createApiOrg, type ApiOrg } from "@/test/api";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { connectChannels } from "@/test/webhooks";
import * as healthRoute from "@/app/api/v1/health/route";
import * as incidentsRoute from "@/app/api/v1/incidents/route";
import { alertWebhookJob } from "./alert-webhook-job";
import { checkCredentialsJob } from "./check-credentials-job";
import { evaluateHealthJob } from "./evaluate-job";
import { publicStatusFor } from "./status-page/cache";
import { openIncident, saveHealthSettings } from "./service";
import { sweepHealth } from "./sweep";

// The health module behind FLAGS.statusPage ("status-page"), each gate checked with a staff
// override turning it off for one org (off) while another org keeps the default (on).

await setupFreshDatabase();
afterAll(stopBoss);

const KEY = FLAGS.statusPage.key;
const run: JobRun = { id: "job-flag", attempt: 1, finalAttempt: false };
let off: ApiOrg;
let on: ApiOrg;

beforeAll(async () => {
  await configurePostHog(null);
  [off, on] = await Promise.all([createApiOrg(), createApiOrg()]);
  for (const org of [off, on]) {
    await connectChannels(org.ctx);
    await saveHealthSettings(org.ctx, { statusPageEnabled: true, alertWebhookUrl: null });
    await openIncident(org.ctx, {
      title: "Calls to the showroom drop",
      component: "phone",
      impact: "partial_outage",
      body: "Looking into it.",
    });
  }
  const person = await createOwner();
  const operator: Operator = { type: "operator", name: "health-flag-tester" };
  await grantStaff(operator, person.email);
  const staff = (await loadStaffMember({ id: person.userId, email: person.email }))!;
  await setFlagOverride(staff, { orgId: off.orgId, key: KEY, value: "off" });
});

describe("the status-page flag, off for one org", () => {
  it("GET /api/v1/health and /api/v1/incidents answer 404 for it, 200 for the other org", async () => {
    for (const [org, status] of [
      [off, 404],
      [on, 200],
    ] as const) {
      const headers = bearer(await org.token(["health:read"]));
      const health = await healthRoute.GET(
        new Request("http://localhost/api/v1/health", { headers }),
      );
      const incidents = await incidentsRoute.GET(
        new Request("http://localhost/api/v1/incidents", { headers }),
      );
      expect([health.status, incidents.status]).toEqual([status, status]);
    }
  });

  it("hides /health and everything under it, and the Health nav entry", async () => {
    for (const path of ["/health", "/health/incidents", "/health/incidents/abc"]) {
      expect(await isHiddenPath(off.orgId, path)).toBe(true);
      expect(await isHiddenPath(on.orgId, path)).toBe(false);
    }
    await expect(requireFlagOr404(off.orgId, KEY)).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;404",
    });
    await expect(requireFlagOr404(on.orgId, KEY)).resolves.toBeUndefined();
    const labels = async (org: ApiOrg) =>
      visibleNavItems(NAV_ITEMS, org.ctx, await flagsForOrg(org.orgId)).map((i) => i.label);
    expect(await labels(off)).not.toContain("Health");
    expect(await labels(on)).toContain("Health");
  });

  it("shows no open-incident banner for it", async () => {
    expect(await IncidentBanner({ ctx: off.ctx })).toBeNull();
    expect(await IncidentBanner({ ctx: on.ctx })).not.toBeNull();
  });

  it("its public status page does not exist (404), the other org's does", async () => {
    const page = async (org: ApiOrg) => {
      const result = await publicStatusFor(org.ctx.org.slug, new Headers());
      return result.limited ? "limited" : result.page;
    };
    expect(await page(off)).toBeNull();
    expect(await page(on)).toMatchObject({ name: on.ctx.org.name });
  });

  it("its health jobs complete as skipped; the other org's run", async () => {
    const skipped = { skipped: "flag-off", flag: KEY };
    expect(await evaluateHealthJob.handler({ orgId: off.orgId }, run)).toEqual(skipped);
    expect(await checkCredentialsJob.handler({ orgId: off.orgId }, run)).toEqual(skipped);
    const deliveryId = "00000000-0000-4000-8000-0000000000a1";
    expect(await alertWebhookJob.handler({ orgId: off.orgId, deliveryId }, run)).toEqual(skipped);
    expect(await evaluateHealthJob.handler({ orgId: on.orgId }, run)).toMatchObject({
      opened: expect.any(Array),
      resolved: expect.any(Array),
    });
  });

  it("the minute's sweep queues nothing for it, and the other org's evaluation", async () => {
    // Jobs queued by the setup (a saved setting, an opened incident) are not the sweep's.
    await ownerSql()`delete from pgboss.job
       where name in ('health.evaluate', 'health.check-credentials')`;
    const result = await sweepHealth();
    expect(result.skipped).toBeGreaterThanOrEqual(1);
    const queued = await ownerSql()<{ orgId: string }[]>`
      select data->>'orgId' as "orgId" from pgboss.job
       where name in ('health.evaluate', 'health.check-credentials')`;
    const orgs = queued.map((j) => j.orgId);
    expect(orgs).not.toContain(off.orgId);
    expect(orgs).toContain(on.orgId);
  });
});
