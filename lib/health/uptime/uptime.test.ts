import { beforeAll, describe, expect, it } from "vitest";
import { createOwner } from "@/test/factories";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { withTenant } from "@/lib/db/scopes";
import { rollupUptime } from "./rollup";
import { lastDays, uptimeFromDays, uptimeOf } from "./queries";

// The daily rollup against periods written by hand: minutes per status per UTC day, idempotent,
// filling its own gaps; and how a partial outage counts (30 % down), on the pure function.

await setupFreshDatabase();

const MIN = 60_000;
const day = (offset: number) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d;
};
const at = (offset: number, minutes: number) => new Date(day(offset).getTime() + minutes * MIN);

let owner: Awaited<ReturnType<typeof createOwner>>;
beforeAll(async () => {
  owner = await createOwner({ orgName: "Rollup Realty" });
  const periods: [string, Date, Date | null][] = [
    // Three days ago from 22:00, operational across midnight until 02:00 two days ago.
    ["operational", at(-3, 22 * 60), at(-2, 2 * 60)],
    // Two days ago: one hour of partial outage, then operational until now.
    ["partial_outage", at(-2, 2 * 60), at(-2, 3 * 60)],
    ["operational", at(-2, 3 * 60), null],
  ];
  for (const [status, from, to] of periods) {
    await ownerSql()`insert into component_status_periods (org_id, component, status, reason, started_at, ended_at)
      values (${owner.ctx.org.id}, 'phone', ${status}, 'test', ${from}, ${to})`;
  }
});

const rows = () => ownerSql()`select day::text, operational_minutes::float8 as op,
    partial_minutes::float8 as partial from component_uptime_days
  where org_id = ${owner.ctx.org.id} and component = 'phone' order by day`;

describe("the daily uptime rollup", () => {
  it("splits each period over the UTC days it spans", async () => {
    await withTenant(owner.ctx, (tx) => rollupUptime(tx));
    const [d3, d2, d1] = await rows();
    expect(d3).toMatchObject({ day: lastDays(day(0), 4)[0], op: 120, partial: 0 });
    expect(d2).toMatchObject({ op: 23 * 60, partial: 60 });
    expect(d1).toMatchObject({ op: 24 * 60, partial: 0 });
  });

  it("writes the same rows when run again, and refills a day that was lost", async () => {
    const before = await rows();
    await ownerSql()`delete from component_uptime_days
      where org_id = ${owner.ctx.org.id} and day = ${lastDays(day(0), 2)[0]!}::date`;
    await withTenant(owner.ctx, (tx) => rollupUptime(tx, lastDays(day(0), 4)[0]));
    await withTenant(owner.ctx, (tx) => rollupUptime(tx));
    const after = await rows();
    expect(after.map((r) => [r.day, r.partial])).toEqual(before.map((r) => [r.day, r.partial]));
    expect(after.slice(0, 3).map((r) => r.op)).toEqual(before.slice(0, 3).map((r) => r.op));
  });

  it("gives the bars one row per day, a partial outage counting 30 % down", async () => {
    const uptime = await withTenant(owner.ctx, (tx) => uptimeOf(tx));
    const phone = uptime.find((u) => u.component === "phone")!;
    expect(phone.days).toHaveLength(90);
    const twoDaysAgo = phone.days.at(-3)!;
    expect(twoDaysAgo.worst).toBe("partial_outage");
    expect(twoDaysAgo.uptime).toBeCloseTo(1 - (60 * 0.3) / (24 * 60), 6);
    expect(phone.days.at(-5)!.uptime).toBeNull();
    expect(uptime.find((u) => u.component === "sms")!.uptime).toBeNull();
  });
});

describe("uptimeFromDays", () => {
  const minutes = (m: Partial<Record<string, number>>) => ({
    operational: 0,
    degraded_performance: 0,
    partial_outage: 0,
    major_outage: 0,
    ...m,
  });
  it("counts degraded as up, partial as 30 % down and major as down", () => {
    const [phone] = uptimeFromDays(
      [
        { component: "phone", day: "2026-01-01", minutes: minutes({ degraded_performance: 100 }) },
        { component: "phone", day: "2026-01-02", minutes: minutes({ partial_outage: 100 }) },
        { component: "phone", day: "2026-01-03", minutes: minutes({ major_outage: 100 }) },
      ],
      ["2026-01-01", "2026-01-02", "2026-01-03"],
    );
    expect(phone!.days.map((d) => d.uptime)).toEqual([1, 0.7, 0]);
    expect(phone!.days.map((d) => d.worst)).toEqual([
      "degraded_performance",
      "partial_outage",
      "major_outage",
    ]);
    expect(phone!.uptime).toBeCloseTo(1.7 / 3, 9);
  });
});
