import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { learningReportMailings, memberships, orgs, users } from "@/db/schema";
import { systemContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { appLink } from "@/lib/mail/links";
import { oneLine, type OutgoingMail } from "@/lib/mail/message";
import { queueOrgMail } from "@/lib/mail/outbox";
import { percent, weeklyReportIn, type WeeklyReport } from "./report";
import { reportWeek } from "./report-week";

export type ReportMailOutcome = "queued" | "already-mailed" | "no-week" | "no-recipient";

/**
 * Queues the weekly report of `week` to each owner and admin of the org, once: the mailing's row
 * and the messages commit together, so a second run (a retry, a second schedule tick) finds the
 * row and queues nothing. The messages go through the one mailer (lib/mail): SMTP when
 * SMTP_URL is set, else kept in the org's outbox.
 */
export async function mailWeeklyReport(orgId: string, week: string): Promise<ReportMailOutcome> {
  const ctx = systemContext("learning.report-mail", { id: orgId });
  return withTenant(ctx, async (tx) => {
    const range = await reportWeek(tx, week);
    if (!range) return "no-week";
    const recipients = await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, tx.orgId), inArray(memberships.role, ["owner", "admin"])))
      .orderBy(users.email);
    if (recipients.length === 0) return "no-recipient";
    const [claimed] = await tx
      .insert(learningReportMailings)
      .values({ orgId: tx.orgId, week, recipients: recipients.length })
      .onConflictDoNothing()
      .returning({ week: learningReportMailings.week });
    if (!claimed) return "already-mailed";
    const [org] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, tx.orgId));
    const report = await weeklyReportIn(tx, range);
    for (const { email } of recipients) {
      await queueOrgMail(tx, ctx, weeklyReportMail(email, org?.name ?? "", report));
    }
    return "queued";
  });
}

const share = (part: number, whole: number, none: string) => {
  const p = percent(part, whole);
  return p === null ? none : `${p} % (${part} of ${whole})`;
};

/** The report as a plain-text email (figures only; the questions are on the page). */
export function weeklyReportMail(to: string, orgName: string, r: WeeklyReport): OutgoingMail {
  const lines = [
    `Your agent's learning, week ${r.week} (${r.timeZone}).`,
    "",
    `Agent turns read: ${r.turns}, of which ${r.unanswered} not answered.`,
    `New questions it could not answer (gaps): ${r.newGaps.count}.`,
    `Answers approved by your team: ${r.approved.length}.`,
    `Questions your approved answers cover, answered by the agent: ${share(
      r.covered.answered,
      r.covered.questions,
      "none asked this week",
    )}.`,
    `Suggested answers kept as suggested: ${share(
      r.adoption.kept,
      r.adoption.withSuggestion,
      "no approved answer had a suggestion",
    )}.`,
    "",
    "The questions and the answers, on the report:",
    appLink(`/learning/reports/${r.week}`),
  ];
  if (r.newGaps.count > 0) {
    lines.push("", "Questions waiting for an answer:", appLink("/learning"));
  }
  return {
    kind: "learning_report",
    to,
    subject: `Weekly learning report ${r.week} (${oneLine(orgName, 60)})`,
    body: `${lines.join("\n")}\n\n— Luneo`,
  };
}
