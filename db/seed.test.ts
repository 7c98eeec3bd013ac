import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { featureFlagOverrides, memberships, platformStaff, users } from "@/db/schema";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import { DEMO_SHOP } from "@/lib/seed/flags-demo";
import { withSystem } from "@/lib/db/scopes";
import { loadStaffMember } from "@/lib/staff/staff";
import { setupFreshDatabase } from "@/test/db";
import { DEMO_MEMBER, DEMO_OWNER, seedDemo } from "./seed";

await setupFreshDatabase();

const userByEmail = async (email: string) => {
  const [user] = await withSystem("test", (tx) =>
    tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`),
  );
  if (!user) throw new Error(`no user ${email}`);
  return user;
};

describe("the demo seed", () => {
  it("makes the demo owner Luneo staff, and only them, on a new database and on an older one", async () => {
    expect(await seedDemo()).toBe("created");
    const owner = await userByEmail(DEMO_OWNER.email);
    const member = await userByEmail(DEMO_MEMBER.email);
    expect(await loadStaffMember(owner)).not.toBeNull();
    expect(await loadStaffMember(member)).toBeNull();

    // A database seeded before the staff role existed gets it on the next start.
    await withSystem("test", (tx) => tx.delete(platformStaff));
    expect(await seedDemo()).toBe("exists");
    expect(await loadStaffMember(owner)).not.toBeNull();

    // A second business for /staff/flags, with ROI forecasting held back for it by staff.
    const shop = await userByEmail(DEMO_SHOP.email);
    const [membership] = await withSystem("test", (tx) =>
      tx.select().from(memberships).where(eq(memberships.userId, shop.id)),
    );
    expect(await isFeatureEnabled(membership!.orgId, FLAGS.roiForecasting.key)).toBe(false);
    expect(await withSystem("test", (tx) => tx.select().from(featureFlagOverrides))).toHaveLength(
      1,
    );
  }, 60_000);
});
