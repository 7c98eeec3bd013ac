import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { setFlagOverride } from "@/lib/flags/overrides";
import { FLAGS } from "@/lib/flags/registry";
import { chooseVertical, saveBusinessProfile } from "@/lib/onboarding/service";
import { loadStaffMember } from "@/lib/staff/staff";
import { resolveUserContext } from "@/lib/tenancy/context";
import { signUp } from "@/lib/tenancy/sign-up";

// What /staff/flags shows on a fresh local run: a second, smaller business beside the demo agency
// (an online shop that signed up last week and is still setting up), for which Luneo staff have
// held back ROI forecasting until its figures are in — one per-org override, audited like any.

export const DEMO_SHOP = {
  email: "harbour@luneo.dev",
  password: "luneo-demo-password",
  name: "Hugo Harbour",
  orgName: "Harbour Home Goods (demo)",
};

/** Idempotent: does nothing once the shop's owner exists. `staffEmail` sets the override. */
export async function seedFlagsDemo(staffEmail: string): Promise<void> {
  const existing = await withSystem("demo seed checks for the demo shop", (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${DEMO_SHOP.email}`),
  );
  if (existing.length > 0) return;
  const { userId, orgId } = await signUp(
    {
      name: DEMO_SHOP.name,
      email: DEMO_SHOP.email,
      password: DEMO_SHOP.password,
      orgName: DEMO_SHOP.orgName,
    },
    { verified: true },
  );
  const resolved = await resolveUserContext(userId, orgId);
  if (!resolved) throw new Error("demo shop owner has no org");
  await saveBusinessProfile(resolved.ctx, {
    name: DEMO_SHOP.orgName,
    country: "GB",
    timezone: "Europe/London",
    language: "en-GB",
    hours: {
      mon: [{ open: "09:00", close: "17:30" }],
      tue: [{ open: "09:00", close: "17:30" }],
      wed: [{ open: "09:00", close: "17:30" }],
      thu: [{ open: "09:00", close: "17:30" }],
      fri: [{ open: "09:00", close: "17:30" }],
      sat: [],
      sun: [],
    },
  });
  await chooseVertical(resolved.ctx, { slug: "ecommerce" });
  const [staffUser] = await withSystem("demo seed finds the staff member", (tx) =>
    tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${staffEmail}`),
  );
  const staff = staffUser ? await loadStaffMember(staffUser) : null;
  if (staff) {
    await setFlagOverride(staff, { orgId, key: FLAGS.roiForecasting.key, value: "off" });
  }
}
