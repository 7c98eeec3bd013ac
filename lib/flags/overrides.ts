import "server-only";
import { and, eq } from "drizzle-orm";
import { featureFlagOverrides, orgs } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { systemContext } from "@/lib/context";
import { withSystem } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { StaffMember } from "@/lib/staff/actor";
import { recordPlatformAudit } from "@/lib/staff/audit";
import { flagOverrideSchema } from "./schemas";

/**
 * Staff pin a flag on or off for one org, or give it back to PostHog ("posthog"). Written through
 * the system role with two audit entries in the same transaction, like staff provisioning
 * (docs/adr/0011): the platform's, naming the staff member, and the org's own (actor system,
 * "staff"), so the customer sees in their audit log that Luneo changed what they can use.
 */
export async function setFlagOverride(
  staff: StaffMember,
  input: unknown,
): Promise<{ changed: boolean }> {
  const { orgId, key, value } = parseInput(flagOverrideSchema, input);
  return withSystem("staff sets a feature flag override", async (tx) => {
    const [org] = await tx
      .select({ id: orgs.id, name: orgs.name, slug: orgs.slug })
      .from(orgs)
      .where(eq(orgs.id, orgId));
    if (!org) throw new NotFoundError("That org");
    const where = and(eq(featureFlagOverrides.orgId, orgId), eq(featureFlagOverrides.flagKey, key));
    const [before] = await tx.select().from(featureFlagOverrides).where(where);
    const previous = before ? (before.enabled ? "on" : "off") : "posthog";
    if (previous === value) return { changed: false };
    if (value === "posthog") {
      await tx.delete(featureFlagOverrides).where(where);
    } else {
      const row = { enabled: value === "on", setBy: staff.userId, setAt: new Date() };
      await tx
        .insert(featureFlagOverrides)
        .values({ orgId, flagKey: key, ...row })
        .onConflictDoUpdate({
          target: [featureFlagOverrides.orgId, featureFlagOverrides.flagKey],
          set: row,
        });
    }
    const metadata = { flag: key, from: previous, to: value };
    const platformAuditId = await recordPlatformAudit(tx, staff, {
      action: "staff.flag_override_set",
      targetType: "org",
      targetId: orgId,
      metadata,
    });
    await recordAudit(tx, systemContext("staff", org), {
      action: "flags.override_set",
      targetType: "feature_flag",
      targetId: key,
      metadata: { ...metadata, platformAuditId },
    });
    return { changed: true };
  });
}
