import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { learningGaps, orgVerticals } from "@/db/schema";
import { isFeatureEnabled } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";
import type { StaffMember } from "@/lib/staff/actor";
import { withStaff } from "@/lib/staff/scope";
import type { TemplateSlug } from "@/lib/verticals/templates";
import { clusterQuestions } from "./cluster";

// /staff/learning: the questions agents of one trade cannot answer, across the orgs of that trade.
// Read through withStaff (recorded in the platform audit log), and shown without anything that
// identifies an org, a caller or a contact: the canonical question and counts only, and only for
// questions that at least MIN_ORGS orgs share.

export const MIN_ORGS = 3;

export type CrossOrgGap = {
  question: string;
  language: "en" | "fr";
  orgs: number;
  signals: number;
  approvedIn: number;
};

export async function crossOrgGaps(
  staff: StaffMember,
  vertical: TemplateSlug,
): Promise<CrossOrgGap[]> {
  const rows = await withStaff(
    staff,
    {
      what: "learning.cross_org_gaps",
      reason: `questions agents of the ${vertical} trade cannot answer`,
      metadata: { vertical },
    },
    (tx) =>
      tx
        .select({
          id: learningGaps.id,
          orgId: learningGaps.orgId,
          question: learningGaps.canonicalQuestion,
          language: learningGaps.language,
          status: learningGaps.status,
          signals: learningGaps.signalCount,
        })
        .from(learningGaps)
        .innerJoin(orgVerticals, eq(orgVerticals.orgId, learningGaps.orgId))
        .where(
          and(
            eq(orgVerticals.templateSlug, vertical),
            inArray(learningGaps.status, ["open", "approved"]),
          ),
        ),
  );
  // An org whose learning module is off takes no part: its gaps are neither shown nor counted.
  const orgIds = [...new Set(rows.map((r) => r.orgId))];
  const on = await Promise.all(orgIds.map((id) => isFeatureEnabled(id, FLAGS.learning.key)));
  const learning = new Set(orgIds.filter((_, i) => on[i]));
  const counted = rows.filter((r) => learning.has(r.orgId));
  const byId = new Map(counted.map((r) => [r.id, r]));
  return clusterQuestions(counted)
    .map((cluster) => {
      const members = cluster.members.map((m) => byId.get(m.id)!);
      return {
        question: cluster.canonical.question,
        language: cluster.language,
        orgs: new Set(members.map((m) => m.orgId)).size,
        signals: members.reduce((sum, m) => sum + m.signals, 0),
        approvedIn: new Set(members.filter((m) => m.status === "approved").map((m) => m.orgId))
          .size,
      };
    })
    .filter((gap) => gap.orgs >= MIN_ORGS)
    .sort((a, b) => b.orgs - a.orgs || b.signals - a.signals || (a.question < b.question ? -1 : 1));
}
