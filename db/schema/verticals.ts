import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

// Versioned trade templates. Global (not a tenant table): every org reads them, nobody writes them
// at run time. Rows are inserted from code (lib/verticals/templates) by the migrate script, and a
// trigger refuses UPDATE and DELETE: a change to a template is a new version.
export const verticalTemplates = pgTable(
  "vertical_templates",
  {
    slug: text().notNull(),
    version: integer().notNull(),
    content: jsonb().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.slug, t.version] }),
    check("version_positive", sql`${t.version} > 0`),
  ],
);

// An org's vertical: the pinned template version, the org's JSON merge patch against it, and the
// resolved configuration (template ← patch), written with the patch so readers on the hot path
// (VAPI's assistant-request) read one row and merge nothing. The template is null until the org
// chooses one; overrides may exist before that (opening hours entered in the wizard's first step).
export const orgVerticals = pgTable(
  "org_verticals",
  {
    orgId: tenantOrgId().primaryKey(),
    templateSlug: text(),
    templateVersion: integer(),
    overrides: jsonb().notNull().default({}),
    resolved: jsonb(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    // No index for this key on purpose: templates are never deleted (see the trigger), so nothing
    // looks org_verticals up by template.
    foreignKey({
      columns: [t.templateSlug, t.templateVersion],
      foreignColumns: [verticalTemplates.slug, verticalTemplates.version],
    }),
    check(
      "template_pinned_whole",
      sql`(${t.templateSlug} is null) = (${t.templateVersion} is null) and (${t.templateSlug} is null) = (${t.resolved} is null)`,
    ),
  ],
);

export const ONBOARDING_STEPS = ["profile", "vertical", "customize", "connect", "value"] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

// Where an org is in the setup wizard. "connect" is not stored as done: it is done when both
// channels are connected and have delivered an event (read from the channels and the inbox), so a
// real call counts as much as the wizard's test event.
export const onboardingProgress = pgTable("onboarding_progress", {
  orgId: tenantOrgId().primaryKey(),
  completedSteps: text()
    .array()
    .$type<OnboardingStep[]>()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** The owner chose "do it later" on the connect step. */
  connectDeferredAt: timestamp({ withTimezone: true }),
  finishedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type VerticalTemplateRow = typeof verticalTemplates.$inferSelect;
export type OrgVertical = typeof orgVerticals.$inferSelect;
export type OnboardingProgress = typeof onboardingProgress.$inferSelect;
