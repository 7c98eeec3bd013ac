import "server-only";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { featureFlagOverrides } from "@/db/schema";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { log } from "@/lib/log";
import { getPostHog } from "./posthog";
import { FLAG_LIST, FLAG_KEYS, isFlagKey, ORG_GROUP_TYPE, type FlagKey } from "./registry";

// How a flag is answered for an org (docs/adr/0012): a staff override stored in Luneo wins, then
// PostHog's local evaluation (group `organization`, key = the org id), then the registry's default.
// Nothing here waits on the network: PostHog's definitions are in the process's memory, polled in
// the background, and only read when they have been loaded.

export type FlagSource = "override" | "posthog" | "default";
export type FlagAnswer = { enabled: boolean; source: FlagSource };
export type OrgFlags = Record<FlagKey, FlagAnswer>;

/** PostHog's distinct id for an org: events and flags concern the org, never a person. */
export const orgDistinctId = (orgId: string) => `org_${orgId}`;

/**
 * The overrides staff set for the org, read in the org's own tenant transaction: `within` when the
 * caller already has one open (the webhook path), else a transaction of its own.
 */
export async function readOverrides(
  orgId: string,
  within?: TenantTx,
): Promise<Map<FlagKey, boolean>> {
  const read = (tx: TenantTx) =>
    tx
      .select({ key: featureFlagOverrides.flagKey, enabled: featureFlagOverrides.enabled })
      .from(featureFlagOverrides)
      .where(eq(featureFlagOverrides.orgId, tx.orgId));
  const rows = await (within ? read(within) : withTenant({ org: { id: orgId } }, read));
  return new Map(rows.filter((r) => isFlagKey(r.key)).map((r) => [r.key as FlagKey, r.enabled]));
}

/**
 * What PostHog says for the org, flag by flag, from the definitions in memory. A flag PostHog does
 * not define, or cannot evaluate locally, is absent. Empty when PostHog is not configured or its
 * definitions are not loaded yet (a process's first request waits for PostgreSQL, never PostHog).
 */
export async function postHogAnswers(orgId: string): Promise<Map<FlagKey, boolean>> {
  const posthog = getPostHog();
  if (!posthog?.config.secretKey) return new Map();
  await posthog.lastKnownLoaded;
  // Evaluating before any definitions are loaded would make posthog-node fetch them first.
  if (!posthog.client.isLocalEvaluationReady()) return new Map();
  try {
    const flags = await posthog.client.evaluateFlags(orgDistinctId(orgId), {
      groups: { [ORG_GROUP_TYPE]: orgId },
      flagKeys: FLAG_KEYS,
      onlyEvaluateLocally: true,
    });
    const answers = new Map<FlagKey, boolean>();
    for (const key of flags.keys) {
      if (isFlagKey(key)) {
        answers.set(key, flags.isEnabled(key, { sendFeatureFlagEvents: false }));
      }
    }
    return answers;
  } catch (error) {
    log.warn({ err: error }, "feature flags: local evaluation failed, using defaults");
    return new Map();
  }
}

/** Every registered flag for the org, with where its answer came from (`within`: see readOverrides). */
export async function flagsForOrg(orgId: string, within?: TenantTx): Promise<OrgFlags> {
  const [overrides, posthog] = await Promise.all([
    readOverrides(orgId, within),
    postHogAnswers(orgId),
  ]);
  const answers = {} as OrgFlags;
  for (const flag of FLAG_LIST) {
    const key = flag.key as FlagKey;
    const override = overrides.get(key);
    const fromPostHog = posthog.get(key);
    answers[key] =
      override !== undefined
        ? { enabled: override, source: "override" }
        : fromPostHog !== undefined
          ? { enabled: fromPostHog, source: "posthog" }
          : { enabled: flag.default, source: "default" };
  }
  return answers;
}

/**
 * flagsForOrg once per request (React's cache: the layout, the nav, a page and the queries it
 * calls share one evaluation); outside a request (jobs, scripts) every call evaluates afresh.
 */
export const orgFlags = cache(flagsForOrg);

/**
 * Whether `key` is on for the org. Never waits on PostHog; see flagsForOrg for the order. With
 * `within`, the org's tenant transaction already open, the overrides are read in it.
 */
export async function isFeatureEnabled(
  orgId: string,
  key: FlagKey,
  within?: TenantTx,
): Promise<boolean> {
  if (within && within.orgId !== orgId) {
    throw new Error("the flag's org is not the org this tenant transaction is scoped to");
  }
  if (within) return (await flagsForOrg(orgId, within))[key].enabled;
  return (await orgFlags(orgId))[key].enabled;
}
