import { describe, expect, it } from "vitest";
import { learningGaps } from "@/db/schema";
import { withTenant } from "@/lib/db/scopes";
import { grantStaff, loadStaffMember } from "@/lib/staff/staff";
import { selectVertical } from "@/lib/verticals/service";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { crossOrgGaps } from "./staff-queries";

// Staff see the questions a trade's agents cannot answer, across orgs: canonical questions and
// counts only, only when at least three orgs share one, and every read is in the platform audit.

await setupFreshDatabase();

async function gap(owner: TestOwner, question: string, signalCount = 2) {
  const at = new Date();
  await withTenant(owner.ctx, (tx) =>
    tx.insert(learningGaps).values({
      orgId: tx.orgId,
      language: "en",
      canonicalQuestion: question,
      signalCount,
      callerCount: signalCount,
      firstSeenAt: at,
      lastSeenAt: at,
    }),
  );
}

describe("gaps across the orgs of a trade", () => {
  it("shows a question shared by three orgs of the trade, not one shared by two, and records the read", async () => {
    const owners = await Promise.all([1, 2, 3, 4].map(() => createOwner()));
    const [p, q, r, s] = owners as [TestOwner, TestOwner, TestOwner, TestOwner];
    for (const o of [p, q, r]) await selectVertical(o.ctx, { slug: "real-estate" });
    await selectVertical(s.ctx, { slug: "ecommerce" });
    await gap(p, "Do you allow pets in your rentals?");
    await gap(q, "Are pets allowed in the rental?", 3);
    await gap(r, "Can I keep pets in the rentals?");
    await gap(p, "Which school district is the house in?");
    await gap(q, "What school district is the house in?");
    // Another trade's org asking the same does not count for real estate.
    await gap(s, "Which school district is the house in?");

    const staffOwner = owners[0]!;
    await grantStaff({ type: "operator", name: "test" }, staffOwner.email);
    const staff = (await loadStaffMember({ id: staffOwner.userId, email: staffOwner.email }))!;
    const gaps = await crossOrgGaps(staff, "real-estate");
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ language: "en", orgs: 3, signals: 7, approvedIn: 0 });
    expect(gaps[0]!.question).toMatch(/pets/);
    // Nothing that names an org.
    const text = JSON.stringify(gaps);
    for (const o of owners) {
      expect(text).not.toContain(o.orgId);
      expect(text).not.toContain(o.ctx.org.name);
    }
    const audit = await ownerSql()<{ target_id: string }[]>`
      select target_id from platform_audit_log where action = 'staff.read' and actor_id = ${staffOwner.userId}`;
    expect(audit.map((a) => a.target_id)).toContain("learning.cross_org_gaps");
  });
});
