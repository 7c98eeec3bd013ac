import "server-only";
import { eq, sql } from "drizzle-orm";
import { onboardingProgress, orgs, type OnboardingStep } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { ValidationError } from "@/lib/errors";
import { diffAsMergePatch, type JsonObject } from "@/lib/verticals/merge-patch";
import type { SelectVerticalInput } from "@/lib/verticals/schemas";
import { editVerticalConfigIn, selectVerticalIn } from "@/lib/verticals/service";
import { recordWizardAssumptionsIn } from "@/lib/roi/service";
import { toRecord, type BusinessProfileInput, type CustomizeInput, type RoiInput } from "./schemas";

// The setup wizard's writes: each step saves in one tenant transaction and marks itself done, so
// the wizard resumes where the owner left it, on any device.

async function completeStep(tx: TenantTx, step: OnboardingStep) {
  const { orgId } = tx;
  await tx
    .insert(onboardingProgress)
    .values({ orgId, completedSteps: [step] })
    .onConflictDoUpdate({
      target: onboardingProgress.orgId,
      set: {
        completedSteps: sql`array_append(array_remove(${onboardingProgress.completedSteps}, ${step}), ${step})`,
        updatedAt: sql`now()`,
      },
    });
}

/** Step 1: who the business is. Hours and language go to the agent's configuration. */
export async function saveBusinessProfile(ctx: TenantContext, input: BusinessProfileInput) {
  requirePermission(ctx, "settings.write");
  return withTenant(ctx, async (tx) => {
    await tx
      .update(orgs)
      .set({ name: input.name, country: input.country, timezone: input.timezone })
      .where(eq(orgs.id, ctx.org.id));
    await editVerticalConfigIn(
      tx,
      ctx,
      { agent: { language: input.language }, hours: input.hours },
      { action: "onboarding.profile_saved", sections: ["profile", "agent.language", "hours"] },
    );
    await completeStep(tx, "profile");
  });
}

/** Step 2: the trade. */
export async function chooseVertical(ctx: TenantContext, input: SelectVerticalInput) {
  requirePermission(ctx, "verticals.write");
  return withTenant(ctx, async (tx) => {
    const chosen = await selectVerticalIn(tx, ctx, input);
    await completeStep(tx, "vertical");
    return chosen;
  });
}

const NO_VERTICAL = new ValidationError(
  { form: ["Choose your vertical first: its template gives the starting values."] },
  "Choose your vertical first.",
);

/** Step 3: greeting, hours, starter knowledge and qualification, edited over the template. */
export async function saveCustomization(ctx: TenantContext, input: CustomizeInput) {
  requirePermission(ctx, "verticals.write");
  return withTenant(ctx, async (tx) => {
    await editVerticalConfigIn(
      tx,
      ctx,
      (current) => {
        if (!current) throw NO_VERTICAL;
        // Lists are replaced whole: entries left out of the form are removed (null in the patch).
        const knowledge = toRecord(input.knowledge, current.knowledge) as unknown as JsonObject;
        const qualification = toRecord(
          input.qualification,
          current.qualification,
        ) as unknown as JsonObject;
        return {
          agent: { greeting: input.greeting },
          hours: input.hours,
          knowledge: diffAsMergePatch(current.knowledge as unknown as JsonObject, knowledge),
          qualification: diffAsMergePatch(
            current.qualification as unknown as JsonObject,
            qualification,
          ),
        };
      },
      {
        action: "verticals.customized",
        sections: ["agent.greeting", "hours", "knowledge", "qualification"],
      },
    );
    await completeStep(tx, "customize");
  });
}

/** Step 5: what the agent's work is worth, for the ROI widget. */
export async function saveRoiAssumptions(ctx: TenantContext, input: RoiInput) {
  requirePermission(ctx, "verticals.write");
  return withTenant(ctx, async (tx) => {
    await editVerticalConfigIn(
      tx,
      ctx,
      (current) => {
        if (!current) throw NO_VERTICAL;
        return { roi: input as unknown as JsonObject };
      },
      { action: "verticals.roi_saved", sections: ["roi"] },
    );
    // The overview's figures use them from today (lib/roi: earlier days keep theirs).
    await recordWizardAssumptionsIn(tx, ctx, input);
    await completeStep(tx, "value");
  });
}

/** Step 4's "do it later": the dashboard keeps reminding until both channels deliver. */
export async function deferConnect(ctx: TenantContext) {
  requirePermission(ctx, "channels.write");
  await withTenant(ctx, async (tx) => {
    await tx
      .insert(onboardingProgress)
      .values({ orgId: ctx.org.id, connectDeferredAt: sql`now()` })
      .onConflictDoUpdate({
        target: onboardingProgress.orgId,
        set: { connectDeferredAt: sql`now()`, updatedAt: sql`now()` },
      });
    await recordAudit(tx, ctx, {
      action: "onboarding.connect_deferred",
      targetType: "org",
      targetId: ctx.org.id,
    });
  });
}

/** Step 6: the owner has seen the summary. What is still missing stays on the dashboard. */
export async function finishOnboarding(ctx: TenantContext) {
  requirePermission(ctx, "settings.write");
  await withTenant(ctx, async (tx) => {
    await tx
      .insert(onboardingProgress)
      .values({ orgId: ctx.org.id, finishedAt: sql`now()` })
      .onConflictDoUpdate({
        target: onboardingProgress.orgId,
        set: {
          finishedAt: sql`coalesce(${onboardingProgress.finishedAt}, now())`,
          updatedAt: sql`now()`,
        },
      });
    await recordAudit(tx, ctx, {
      action: "onboarding.finished",
      targetType: "org",
      targetId: ctx.org.id,
    });
  });
}
