import "server-only";
import { asc } from "drizzle-orm";
import { featureFlagOverrides, orgs } from "@/db/schema";
import type { StaffMember } from "@/lib/staff/actor";
import { withStaff } from "@/lib/staff/scope";
import { postHogAnswers, type FlagSource } from "./evaluate";
import { postHogStatus, readStoredDefinitions } from "./posthog";
import { FLAG_LIST, isFlagKey, type FlagKey } from "./registry";

// What /staff/flags shows: every flag of the registry, what PostHog last said about it (its
// definitions as stored by the last poll), and each org's answer with where it came from.

export type PostHogRule =
  | { state: "not-configured" }
  | { state: "not-defined" }
  | { state: "off" }
  | { state: "rollout"; percent: number; conditions: number; perOrg: boolean };

export type StaffFlagRow = {
  key: FlagKey;
  gates: string;
  owner: string;
  default: boolean;
  posthog: PostHogRule;
  orgs: { id: string; name: string; enabled: boolean; source: FlagSource }[];
  enabledCount: number;
};

export type StaffFlagsView = {
  status: ReturnType<typeof postHogStatus>;
  /** When PostHog's definitions were last fetched by any process; null when never. */
  fetchedAt: Date | null;
  flags: StaffFlagRow[];
  orgs: { id: string; name: string }[];
};

type StoredFlag = {
  key: string;
  active?: boolean;
  deleted?: boolean;
  filters?: {
    aggregation_group_type_index?: number | null;
    groups?: { rollout_percentage?: number | null; properties?: unknown[] }[];
  };
};

function ruleOf(stored: StoredFlag | undefined, configured: boolean): PostHogRule {
  if (!configured) return { state: "not-configured" };
  if (!stored || stored.deleted) return { state: "not-defined" };
  if (stored.active === false) return { state: "off" };
  const groups = stored.filters?.groups ?? [];
  // The widest condition without property filters is the share every org is in the draw for.
  const percents = groups.map((g) => g.rollout_percentage ?? 100);
  return {
    state: "rollout",
    percent: percents.length ? Math.max(...percents) : 0,
    conditions: groups.length,
    perOrg: stored.filters?.aggregation_group_type_index != null,
  };
}

export async function listFlagsForStaff(staff: StaffMember): Promise<StaffFlagsView> {
  const { orgRows, overrides } = await withStaff(
    staff,
    { what: "flags.overview", reason: "staff review feature flags and their overrides" },
    async (tx) => ({
      orgRows: await tx
        .select({ id: orgs.id, name: orgs.name })
        .from(orgs)
        .orderBy(asc(orgs.name), asc(orgs.id)),
      overrides: await tx.select().from(featureFlagOverrides),
    }),
  );
  const status = postHogStatus();
  const configured = status === "flags-and-analytics";
  const stored = configured ? await readStoredDefinitions().catch(() => undefined) : undefined;
  const storedFlags = ((stored?.definitions as { flags?: StoredFlag[] } | undefined)?.flags ??
    []) as StoredFlag[];
  const answers = new Map(
    await Promise.all(orgRows.map(async (org) => [org.id, await postHogAnswers(org.id)] as const)),
  );
  const pinned = new Map(
    overrides
      .filter((o) => isFlagKey(o.flagKey))
      .map((o) => [`${o.orgId}:${o.flagKey}`, o.enabled]),
  );

  const flags = FLAG_LIST.map((flag): StaffFlagRow => {
    const key = flag.key as FlagKey;
    const rows = orgRows.map((org) => {
      const override = pinned.get(`${org.id}:${key}`);
      const fromPostHog = answers.get(org.id)?.get(key);
      if (override !== undefined) return { ...org, enabled: override, source: "override" as const };
      if (fromPostHog !== undefined)
        return { ...org, enabled: fromPostHog, source: "posthog" as const };
      return { ...org, enabled: flag.default, source: "default" as const };
    });
    return {
      key,
      gates: flag.gates,
      owner: flag.owner,
      default: flag.default,
      posthog: ruleOf(
        storedFlags.find((f) => f.key === key),
        configured,
      ),
      orgs: rows,
      enabledCount: rows.filter((r) => r.enabled).length,
    };
  });
  return { status, fetchedAt: stored?.fetchedAt ?? null, flags, orgs: orgRows };
}
