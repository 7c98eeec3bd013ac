import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { verticalTemplates } from "@/db/schema";
import { withSystem } from "@/lib/db/scopes";
import { ConflictError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { StaffMember } from "@/lib/staff/actor";
import { recordPlatformAudit } from "@/lib/staff/audit";
import { ordered, PROMOTED_KNOWLEDGE_PREFIX, verticalContentSchema } from "@/lib/verticals/content";
import { findTemplate } from "@/lib/verticals/queries";
import { promoteAnswerSchema } from "./schemas";

// Staff answer a question the agents of a trade cannot answer (/staff/learning) and promote it into
// a NEW version of the trade's template: published versions are never edited (the database's
// trigger refuses it), so orgs on the trade see the entry in their upgrade diff and take it when
// they upgrade. The entry's key is derived from the question, so promoting the same question
// twice is a conflict rather than a duplicate. Recorded in the platform audit log.

/** The knowledge key of a promoted question: "shared-" and a digest of the question. */
export function sharedKnowledgeId(language: string, question: string): string {
  const digest = createHash("sha256")
    .update(`${language}\n${question.trim().toLowerCase()}`)
    .digest("hex")
    .slice(0, 16);
  return `${PROMOTED_KNOWLEDGE_PREFIX}${digest}`;
}

export async function promoteAnswer(
  staff: StaffMember,
  input: unknown,
): Promise<{ slug: string; version: number; knowledgeId: string }> {
  const { vertical, language, question, answer } = parseInput(promoteAnswerSchema, input);
  const knowledgeId = sharedKnowledgeId(language, question);
  return withSystem("staff promotes an answer into a vertical template", async (tx) => {
    // One promotion per trade at a time: the next version number is read, then written.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`vertical-template:${vertical}`}))`,
    );
    const latest = await findTemplate(tx, vertical);
    if (latest.content.knowledge[knowledgeId]) {
      throw new ConflictError(
        `Version ${latest.version} of this trade's template already answers this question.`,
      );
    }
    const entries = ordered(latest.content.knowledge);
    const position = entries.length ? Math.max(...entries.map((e) => e.position)) + 1 : 0;
    const checked = verticalContentSchema.safeParse({
      ...latest.content,
      knowledge: { ...latest.content.knowledge, [knowledgeId]: { position, question, answer } },
    });
    if (!checked.success) {
      throw new ConflictError(
        `The template cannot take another answer: ${checked.error.issues[0]?.message ?? "invalid"}`,
      );
    }
    const version = latest.version + 1;
    await tx.insert(verticalTemplates).values({ slug: vertical, version, content: checked.data });
    await recordPlatformAudit(tx, staff, {
      action: "staff.learning_answer_promoted",
      targetType: "vertical_template",
      targetId: `${vertical}/v${version}`,
      metadata: { vertical, version, from: latest.version, knowledgeId, language },
    });
    return { slug: vertical, version, knowledgeId };
  });
}
