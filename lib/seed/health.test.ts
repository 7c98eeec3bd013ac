import { describe, expect, it } from "vitest";
import { getIncident, listIncidents } from "@/lib/health/incidents/queries";
import { getHealthOverview } from "@/lib/health/queries";
import { setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { checkOrgCredentials } from "@/lib/health/credentials/check";
import { ownerSql } from "@/test/db";
import { seedDemoChannels } from "./demo-channels";
import { seedDemoHealth } from "./health";

await setupFreshDatabase();

describe("the demo's health history", () => {
  it("shows processing operational today, 90 days of uptime and one resolved incident with its timeline", async () => {
    const owner = await createOwner();
    await seedDemoChannels(owner.ctx);
    await seedDemoHealth(owner.ctx, owner.userId);
    const overview = await getHealthOverview(owner.ctx);
    const processing = overview.components.find((c) => c.component === "processing")!;
    expect(processing).toMatchObject({ status: "operational", applicable: true });
    expect(processing.since!.getTime()).toBeLessThan(Date.now() - 8 * 24 * 3_600_000);
    const uptime = overview.uptime.find((u) => u.component === "processing")!;
    expect(uptime.days).toHaveLength(90);
    expect(uptime.days.every((d) => d.worst !== null)).toBe(true);
    expect(uptime.uptime).toBeGreaterThan(0.999);
    expect(uptime.uptime).toBeLessThan(1);
    expect(overview.open).toEqual([]);

    const { incidents } = await listIncidents(owner.ctx);
    expect(incidents.map((i) => i.component).sort()).toEqual(["agent", "processing"]);
    const incident = (await getIncident(
      owner.ctx,
      incidents.find((i) => i.component === "processing")!.id,
    ))!;
    expect(incident).toMatchObject({ status: "resolved", impact: "partial_outage" });
    expect(incident.updates.map((u) => u.status)).toEqual([
      "resolved",
      "monitoring",
      "identified",
      "investigating",
    ]);
    expect(incident.postmortem).toMatch(/^What happened/);
  });
});

describe("the demo's line", () => {
  it("shows every component connected and operational, from its webhook history", async () => {
    const owner = await createOwner();
    await seedDemoChannels(owner.ctx);
    await seedDemoHealth(owner.ctx, owner.userId);
    const overview = await getHealthOverview(owner.ctx);
    expect(overview.components.filter((c) => !c.applicable)).toEqual([]);
    expect(overview.components.every((c) => c.status === "operational")).toBe(true);
    const phone = overview.components.find((c) => c.component === "phone")!;
    expect(phone.reason).toMatch(/voice callbacks? in the last 15 minutes were processed|No voice/);
    const agent = overview.uptime.find((u) => u.component === "agent")!;
    expect(agent.days.at(-5)!.worst).toBe("partial_outage");
  });

  it("is never sent to Twilio or VAPI: its credentials are shown as not checked, and why", async () => {
    const owner = await createOwner();
    await seedDemoChannels(owner.ctx);
    // No stand-in is listening: a request to a provider would answer "unreachable".
    expect(await checkOrgCredentials(owner.ctx.org.id)).toEqual({
      twilio: "not_configured",
      vapi: "not_configured",
    });
    const rows = await ownerSql()`select detail from credential_checks
      where org_id = ${owner.ctx.org.id} order by provider`;
    expect(rows.map((r) => r.detail)).toEqual([
      expect.stringContaining("Luneo does not check them with Twilio"),
      expect.stringContaining("Luneo does not check them with VAPI"),
    ]);
  });
});
