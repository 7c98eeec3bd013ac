import { describe, expect, it } from "vitest";
import { getIncident, listIncidents } from "@/lib/health/incidents/queries";
import { getHealthOverview } from "@/lib/health/queries";
import { setupFreshDatabase } from "@/test/db";
import { createOwner } from "@/test/factories";
import { seedDemoHealth } from "./health";

await setupFreshDatabase();

describe("the demo's health history", () => {
  it("shows processing operational today, 90 days of uptime and one resolved incident with its timeline", async () => {
    const owner = await createOwner();
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
    expect(incidents).toHaveLength(1);
    const incident = (await getIncident(owner.ctx, incidents[0]!.id))!;
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
