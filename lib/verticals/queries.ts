import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db";
import { orgVerticals, verticalTemplates } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { NotFoundError } from "@/lib/errors";
import type { VerticalContent } from "./content";
import type { JsonObject } from "./merge-patch";
import type { TemplateSlug } from "./templates";

export type TemplateSummary = {
  slug: TemplateSlug;
  label: string;
  tagline: string;
  latestVersion: number;
  versions: number[];
};

export type TemplateVersionRow = { slug: TemplateSlug; version: number; content: VerticalContent };

/** One template version (the latest without `version`), read inside a transaction. */
export async function findTemplate(
  tx: Transaction,
  slug: string,
  version?: number,
): Promise<TemplateVersionRow> {
  const [row] = await tx
    .select({
      slug: verticalTemplates.slug,
      version: verticalTemplates.version,
      content: verticalTemplates.content,
    })
    .from(verticalTemplates)
    .where(
      version === undefined
        ? eq(verticalTemplates.slug, slug)
        : and(eq(verticalTemplates.slug, slug), eq(verticalTemplates.version, version)),
    )
    .orderBy(desc(verticalTemplates.version))
    .limit(1);
  if (!row) {
    throw new NotFoundError(
      version === undefined
        ? `The vertical "${slug.slice(0, 40)}"` // cut: the slug comes from the caller
        : `Version ${version} of the vertical "${slug.slice(0, 40)}"`,
    );
  }
  return row as TemplateVersionRow;
}

/** Every vertical with its latest version's label and tagline. Templates are public to members. */
export async function listTemplates(ctx: TenantContext): Promise<TemplateSummary[]> {
  requirePermission(ctx, "verticals.read");
  return withTenant(ctx, async (tx) => {
    const rows = await tx
      .select({
        slug: verticalTemplates.slug,
        versions: sql<
          number[]
        >`array_agg(${verticalTemplates.version} order by ${verticalTemplates.version})`,
        latest: sql<VerticalContent>`(array_agg(${verticalTemplates.content} order by ${verticalTemplates.version} desc))[1]`,
      })
      .from(verticalTemplates)
      .groupBy(verticalTemplates.slug)
      .orderBy(verticalTemplates.slug);
    return rows.map((r) => ({
      slug: r.slug as TemplateSlug,
      label: r.latest.label,
      tagline: r.latest.tagline,
      latestVersion: Math.max(...r.versions),
      versions: r.versions,
    }));
  });
}

export async function getTemplate(
  ctx: TenantContext,
  slug: string,
  version?: number,
): Promise<TemplateVersionRow> {
  requirePermission(ctx, "verticals.read");
  return withTenant(ctx, (tx) => findTemplate(tx, slug, version));
}

export type OrgVerticalConfig = {
  /** The pinned template, or null while the org has not chosen its vertical. */
  template: { slug: TemplateSlug; version: number; label: string; latestVersion: number } | null;
  overrides: JsonObject;
  resolved: VerticalContent | null;
  /** The pinned template's own values: what "reset to template" goes back to. */
  defaults: VerticalContent | null;
  updatedAt: Date | null;
};

/** The org's vertical: pinned template, its overrides and the configuration the product reads. */
export async function getOrgVerticalConfig(ctx: TenantContext): Promise<OrgVerticalConfig> {
  requirePermission(ctx, "verticals.read");
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({
        slug: orgVerticals.templateSlug,
        version: orgVerticals.templateVersion,
        overrides: orgVerticals.overrides,
        resolved: orgVerticals.resolved,
        updatedAt: orgVerticals.updatedAt,
        defaults: verticalTemplates.content,
        latestVersion: sql<
          number | null
        >`(select max(v.version) from ${verticalTemplates} v where v.slug = ${orgVerticals.templateSlug})`,
      })
      .from(orgVerticals)
      .leftJoin(
        verticalTemplates,
        and(
          eq(verticalTemplates.slug, orgVerticals.templateSlug),
          eq(verticalTemplates.version, orgVerticals.templateVersion),
        ),
      )
      .where(eq(orgVerticals.orgId, ctx.org.id));
    if (!row)
      return { template: null, overrides: {}, resolved: null, defaults: null, updatedAt: null };
    const defaults = row.defaults as VerticalContent | null;
    return {
      template:
        row.slug && row.version && defaults
          ? {
              slug: row.slug as TemplateSlug,
              version: row.version,
              label: defaults.label,
              latestVersion: row.latestVersion ?? row.version,
            }
          : null,
      overrides: row.overrides as JsonObject,
      resolved: row.resolved as VerticalContent | null,
      defaults,
      updatedAt: row.updatedAt,
    };
  });
}
