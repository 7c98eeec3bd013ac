import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { roiSettingsVersions, users } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { resolveUserContext } from "@/lib/tenancy/context";
import { createInvitation, signUpWithInvitation } from "@/lib/tenancy/invitations";
import type { TenantContext } from "@/lib/context";
import {
  chooseVertical,
  saveBusinessProfile,
  saveCustomization,
  saveRoiAssumptions,
} from "@/lib/onboarding/service";
import { signUp } from "@/lib/tenancy/sign-up";
import { env } from "@/lib/env";
import { seedFlagsDemo } from "@/lib/seed/flags-demo";
import { seedDemoChannels } from "@/lib/seed/demo-channels";
import { seedDemoHealth } from "@/lib/seed/health";
import { seedDemoActions } from "@/lib/seed/agent-actions";
import { assumptionsFromTrade } from "@/lib/roi/assumptions";
import { addDays } from "@/lib/roi/days";
import { todayIn } from "@/lib/roi/rollup";
import { backfillRollups } from "@/lib/roi/service";
import { generateCallHistory } from "@/lib/seed/call-history";
import { generateTenantData } from "@/lib/seed/large-tenant";
import { spreadRecentScenarioCalls } from "@/lib/seed/roi-history";
import { seedLearning } from "@/lib/seed/learning";
import { grantStaff } from "@/lib/staff/staff";
import { customizeInputFrom } from "@/lib/verticals/customize-input";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";

export const DEMO_OWNER = {
  email: "demo@luneo.dev",
  password: "luneo-demo-password",
  name: "Dana Demo",
};
export const DEMO_MEMBER = {
  email: "member@luneo.dev",
  password: "luneo-demo-password",
  name: "Max Member",
};
export const DEMO_ORG_NAME = "Seaside Realty (demo)";

/** The demo org, through the same services a person would use. Safe to run on every start. */
export async function seedDemo(): Promise<"created" | "exists"> {
  getDb();
  const existing = await withSystem("demo seed checks for the demo user", (tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${DEMO_OWNER.email}`),
  );
  if (existing.length > 0) {
    // Demo logins are verified (a database seeded before verification existed gets it here).
    await withSystem("demo seed marks the demo logins verified", (tx) =>
      tx
        .update(users)
        .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
        .where(sql`lower(${users.email}) in (${DEMO_OWNER.email}, ${DEMO_MEMBER.email})`),
    );
    await makeDemoOwnerStaff();
    await seedFlagsDemo(DEMO_OWNER.email);
    return "exists";
  }

  const { userId, orgId } = await signUp(
    { ...DEMO_OWNER, orgName: DEMO_ORG_NAME },
    { verified: true },
  );
  const resolved = await resolveUserContext(userId, orgId);
  if (!resolved) throw new Error("demo owner has no org");
  const { token } = await createInvitation(resolved.ctx, {
    email: DEMO_MEMBER.email,
    role: "member",
  });
  await signUpWithInvitation(
    token,
    { name: DEMO_MEMBER.name, password: DEMO_MEMBER.password },
    { verified: true },
  );
  await setUpDemoAgent(resolved.ctx);
  // Sixty callers with calls, SMS threads and memory, so the contacts pages have something to show.
  await generateTenantData(env().DATABASE_URL, orgId, 60, () => {});
  // …spread over the last three weeks rather than the last 37 hours (the overview's forecast).
  await spreadRecentScenarioCalls(env().DATABASE_URL, orgId);
  // Calls the agent could not answer, every conversation's learning signals, gaps to review.
  await seedLearning(resolved.ctx);
  // Ninety days of health and one resolved incident with its timeline (Health page).
  await seedDemoChannels(resolved.ctx);
  await seedDemoHealth(resolved.ctx, userId);
  await seedDemoActions(resolved.ctx);
  await setUpDemoRoi(resolved.ctx);
  await makeDemoOwnerStaff();
  // A second business, so /staff/flags has more than one org and an override to show.
  await seedFlagsDemo(DEMO_OWNER.email);
  return "created";
}

/**
 * The demo owner is also Luneo staff, so /staff can be tried locally (docs/adr/0011); granted
 * like any other (audited, idempotent), so a database seeded before staff existed gets it too.
 */
async function makeDemoOwnerStaff() {
  await grantStaff({ type: "operator", name: "demo seed" }, DEMO_OWNER.email);
}

/**
 * The demo agency has walked through the wizard except connecting its line (nothing to connect to
 * offline). It is pinned to real-estate v1, so the Agent settings show an update to review.
 */
async function setUpDemoAgent(ctx: TenantContext) {
  await saveBusinessProfile(ctx, {
    name: DEMO_ORG_NAME,
    country: "US",
    timezone: "America/Los_Angeles",
    language: "en-US",
    hours: {
      mon: [{ open: "09:00", close: "18:00" }],
      tue: [{ open: "09:00", close: "18:00" }],
      wed: [{ open: "09:00", close: "18:00" }],
      thu: [{ open: "09:00", close: "18:00" }],
      fri: [{ open: "09:00", close: "18:00" }],
      sat: [{ open: "10:00", close: "16:00" }],
      sun: [],
    },
  });
  await chooseVertical(ctx, { slug: "real-estate", version: 1 });
  const { resolved } = await getOrgVerticalConfig(ctx);
  if (!resolved) throw new Error("demo vertical did not resolve");
  await saveCustomization(ctx, {
    ...customizeInputFrom(resolved),
    greeting:
      "Hi, you've reached {{businessName}}, homes by the sea since 1998! I'm the virtual assistant. Are you looking to buy, rent or sell?",
  });
  await saveRoiAssumptions(ctx, { ...resolved.roi, loadedHourlyCost: 48 });
}

/**
 * Four months of calls behind the overview, with the ROI settings an agency would have had: its
 * trade's figures from the start, the hourly cost raised in the wizard a month ago, still on
 * formula v1 so the overview offers v2 with its side-by-side. Then the rollups, as the backfill
 * command computes them.
 */
async function setUpDemoRoi(ctx: TenantContext) {
  await generateCallHistory(env().DATABASE_URL, ctx.org.id, 120);
  const { resolved } = await getOrgVerticalConfig(ctx);
  if (!resolved) throw new Error("demo vertical did not resolve");
  const today = todayIn("America/Los_Angeles");
  const start = {
    ...assumptionsFromTrade(resolved.roi, "real-estate"),
    loadedHourlyCost: 45,
    afterHoursCallValue: 40,
    platformFeeMonthly: 149,
  };
  await withTenant(ctx, async (tx) => {
    await tx.delete(roiSettingsVersions).where(eq(roiSettingsVersions.orgId, tx.orgId));
    await tx.insert(roiSettingsVersions).values([
      {
        orgId: tx.orgId,
        effectiveFrom: addDays(today, -120),
        formulaVersion: 1,
        assumptions: start,
        source: "template" as const,
      },
      {
        orgId: tx.orgId,
        effectiveFrom: addDays(today, -30),
        formulaVersion: 1,
        assumptions: { ...start, loadedHourlyCost: 48 },
        source: "wizard" as const,
      },
    ]);
  });
  await backfillRollups(ctx.org.id);
}
