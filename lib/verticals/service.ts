import "server-only";
import { eq, sql } from "drizzle-orm";
import { orgVerticals } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import type { VerticalContent } from "./content";
import {
  applyMergePatch,
  composeMergePatches,
  configChanges,
  type ConfigChange,
  type Json,
  type JsonObject,
} from "./merge-patch";
import { findTemplate, type TemplateVersionRow } from "./queries";
import { carryOverrides, overridesFor, resolveVerticalConfig } from "./resolve";
import type { SelectVerticalInput } from "./schemas";

type Current = {
  slug: string | null;
  version: number | null;
  overrides: JsonObject;
  resolved: VerticalContent | null;
};

/** The org's row; locked for update when the caller is about to write it. */
async function readCurrent(tx: TenantTx, lock = true): Promise<Current> {
  const { orgId } = tx;
  const query = tx
    .select({
      slug: orgVerticals.templateSlug,
      version: orgVerticals.templateVersion,
      overrides: orgVerticals.overrides,
      resolved: orgVerticals.resolved,
    })
    .from(orgVerticals)
    .where(eq(orgVerticals.orgId, orgId))
    .$dynamic();
  const [row] = await (lock ? query.for("update") : query);
  if (!row) return { slug: null, version: null, overrides: {}, resolved: null };
  return {
    ...row,
    overrides: row.overrides as JsonObject,
    resolved: row.resolved as VerticalContent | null,
  };
}

async function save(
  tx: TenantTx,
  ctx: TenantContext,
  next: {
    slug: string | null;
    version: number | null;
    overrides: JsonObject;
    resolved: VerticalContent | null;
  },
) {
  const values = {
    templateSlug: next.slug,
    templateVersion: next.version,
    overrides: next.overrides,
    resolved: next.resolved,
    updatedBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
    updatedAt: sql`now()`,
  };
  await tx
    .insert(orgVerticals)
    .values({ orgId: ctx.org.id, ...values })
    .onConflictDoUpdate({ target: orgVerticals.orgId, set: values });
}

/** Switching to another trade (not a first choice, not an upgrade within the trade). */
const isSwitch = (current: Current, target: TemplateVersionRow) =>
  current.slug !== null && current.slug !== target.slug;

/** What choosing `target` would do: the org's overrides it keeps, and the resulting configuration. */
function planChange(current: Current, target: TemplateVersionRow, templateHours = false) {
  // Same trade (an upgrade, or re-pinning an older version): every override carries over. Another
  // trade: only the business's own edits do (resolve.ts, TRADE_SPECIFIC_PATHS).
  const switching = isSwitch(current, target);
  const { kept, dropped } = switching
    ? carryOverrides(current.overrides, target.content)
    : { kept: current.overrides, dropped: [] as string[] };
  // The hours in force are the business's (the wizard's first step asks for them), even the days
  // that happened to match the old template and so are not stored as overrides: they stay unless
  // the person chooses the new template's hours in the preview.
  const { hours: _storedHours, ...others } = kept;
  const patch = !switching
    ? kept
    : templateHours
      ? others
      : current.resolved
        ? { ...others, hours: current.resolved.hours as unknown as JsonObject }
        : kept;
  const resolved = resolveVerticalConfig(target.content, patch);
  return { overrides: overridesFor(target.content, resolved), resolved, dropped };
}

/** Whether the target template's hours differ from the business's, for the preview's choice. */
function templateHoursDiffer(current: Current, target: TemplateVersionRow): boolean {
  return (
    isSwitch(current, target) &&
    current.resolved !== null &&
    configChanges(
      current.resolved.hours as unknown as Json,
      target.content.hours as unknown as Json,
    ).length > 0
  );
}

export type VerticalChangePreview = {
  from: { slug: string; version: number } | null;
  to: { slug: string; version: number };
  /** Differences between today's resolved configuration and the one after the change. */
  changes: ConfigChange[];
  /** Override paths that would not survive (choosing another trade). */
  dropped: string[];
  /**
   * Switching trade: the new template has other opening hours than the business's. The business's
   * are kept unless `templateHours` was asked for; the preview offers the choice.
   */
  hoursChoice: { templateHours: boolean } | null;
};

/** The diff an admin reviews before upgrading the template or switching trade. Changes nothing. */
export async function previewVerticalChange(
  ctx: TenantContext,
  input: SelectVerticalInput,
): Promise<VerticalChangePreview> {
  requirePermission(ctx, "verticals.read");
  return withTenant(ctx, async (tx) => {
    const current = await readCurrent(tx);
    const target = await findTemplate(tx, input.slug, input.version);
    const plan = planChange(current, target, input.templateHours);
    return {
      from:
        current.slug && current.version ? { slug: current.slug, version: current.version } : null,
      to: { slug: target.slug, version: target.version },
      changes: current.resolved
        ? configChanges(current.resolved as unknown as Json, plan.resolved as unknown as Json)
        : [],
      dropped: plan.dropped,
      hoursChoice: templateHoursDiffer(current, target)
        ? { templateHours: input.templateHours ?? false }
        : null,
    };
  });
}

/**
 * Chooses the org's vertical (the latest version unless one is named): a first choice, an upgrade
 * to a newer version, or a switch to another trade. Overrides survive as planChange describes.
 */
export async function selectVertical(ctx: TenantContext, input: SelectVerticalInput) {
  requirePermission(ctx, "verticals.write");
  return withTenant(ctx, (tx) => selectVerticalIn(tx, ctx, input));
}

/** selectVertical inside a caller's tenant transaction (the wizard marks its step in the same one). */
export async function selectVerticalIn(
  tx: TenantTx,
  ctx: TenantContext,
  input: SelectVerticalInput,
) {
  requirePermission(ctx, "verticals.write");
  const current = await readCurrent(tx);
  const target = await findTemplate(tx, input.slug, input.version);
  const plan = planChange(current, target, input.templateHours);
  await save(tx, ctx, { slug: target.slug, version: target.version, ...plan });
  await recordAudit(tx, ctx, {
    action: current.slug ? "verticals.changed" : "verticals.selected",
    targetType: "vertical",
    targetId: `${target.slug}/v${target.version}`,
    metadata: {
      from: current.slug ? `${current.slug}/v${current.version}` : null,
      droppedOverrides: plan.dropped,
      ...(isSwitch(current, target) ? { hours: input.templateHours ? "template" : "kept" } : {}),
    },
  });
  return { slug: target.slug, version: target.version, dropped: plan.dropped };
}

export type ConfigEdit = (current: VerticalContent | null) => JsonObject;

/**
 * Edits the org's configuration with a merge patch over what it resolves to today (the wizard's and
 * settings' forms each send the sections they show; `edit` receives today's configuration, so a
 * form can replace a whole keyed list by passing a function). Stored back as the minimal overrides against the pinned
 * template, so a value set back to the template's is no longer an override. Before a vertical is
 * chosen the edit is kept as overrides and applied to whichever template comes.
 */
export async function editVerticalConfig(
  ctx: TenantContext,
  edit: JsonObject | ConfigEdit,
  audit: { action: string; sections: string[] },
) {
  requirePermission(ctx, "verticals.write");
  return withTenant(ctx, (tx) => editVerticalConfigIn(tx, ctx, edit, audit));
}

export async function editVerticalConfigIn(
  tx: TenantTx,
  ctx: TenantContext,
  edit: JsonObject | ConfigEdit,
  audit: { action: string; sections: string[] },
): Promise<VerticalContent | null> {
  requirePermission(ctx, "verticals.write");
  const current = await readCurrent(tx);
  const patch = typeof edit === "function" ? edit(current.resolved) : edit;
  let resolved: VerticalContent | null = null;
  if (current.slug && current.version && current.resolved) {
    const { content } = await findTemplate(tx, current.slug, current.version);
    const desired = applyMergePatch(current.resolved as unknown as Json, patch) as JsonObject;
    resolved = resolveVerticalConfig(content, overridesFor(content, desired as never));
    await save(tx, ctx, { ...current, overrides: overridesFor(content, resolved), resolved });
  } else {
    await save(tx, ctx, { ...current, overrides: composeMergePatches(current.overrides, patch) });
  }
  await recordAudit(tx, ctx, {
    action: audit.action,
    targetType: "vertical",
    metadata: { sections: audit.sections },
  });
  return resolved;
}
