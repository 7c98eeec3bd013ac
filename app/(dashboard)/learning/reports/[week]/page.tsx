import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportFigure, WeekNav, weekDays, weekName } from "@/components/learning/report-parts";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { ADOPTION_MAX_EDITED } from "@/lib/learning/adoption";
import { COVERED_SAMPLE, getWeeklyReport, percent, type WeeklyReport } from "@/lib/learning/report";

export const metadata: Metadata = { title: "Weekly learning report" };

const share = (part: number, whole: number) => {
  const p = percent(part, whole);
  return p === null ? "—" : `${p} %`;
};

function Approved({ report }: { report: WeeklyReport }) {
  if (report.approved.length === 0) {
    return (
      <EmptyState title="No answer approved this week">
        Answers your team approves on the <TextLink href="/learning">learning page</TextLink> are
        listed here, with whether they kept the suggested answer.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-zinc-100">
      {report.approved.map((a) => (
        <li key={a.id} className="px-5 py-4">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <Link
              href={`/learning/gaps/${a.id}`}
              className="min-w-0 font-medium break-words text-zinc-900 hover:underline"
            >
              {a.question}
            </Link>
            {a.keptSuggestion === null ? (
              <Badge>no suggestion</Badge>
            ) : a.keptSuggestion ? (
              <Badge tone="green">suggestion kept</Badge>
            ) : (
              <Badge tone="amber">rewritten</Badge>
            )}
          </div>
          <p className="mt-1 text-sm break-words whitespace-pre-line text-zinc-600">{a.answer}</p>
        </li>
      ))}
    </ul>
  );
}

export default async function WeeklyReportPage({ params }: { params: Promise<{ week: string }> }) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.learning.key);
  if (!hasPermission(ctx, "learning.read")) {
    return <NotAllowed title="Weekly report" reason="Your role cannot open the learning page" />;
  }
  const { week } = await params;
  let report: WeeklyReport;
  try {
    report = await getWeeklyReport(ctx, week);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
  const { covered, adoption } = report;

  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/learning">← Learning</TextLink>
      </p>
      <PageHeader
        title={`Weekly report · ${weekName(report.week)}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {weekDays(report.start, report.end, report.timeZone)} ({report.timeZone})
            {report.current ? <Badge tone="brand">in progress</Badge> : null}
          </span>
        }
      />
      <WeekNav previous={report.previous} next={report.next} />

      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <ReportFigure
          label="New gaps"
          value={String(report.newGaps.count)}
          detail={`questions first missed this week, of ${report.unanswered} missed in ${report.turns} agent turns`}
        />
        <ReportFigure
          label="Answers approved"
          value={String(report.approved.length)}
          detail="taught to the agent by your team"
        />
        <ReportFigure
          label="Now answered"
          value={share(covered.answered, covered.questions)}
          detail={
            covered.questions === 0
              ? "no question an approved answer covers was asked"
              : `${covered.answered} of ${covered.questions} questions your approved answers cover${covered.sampled ? ` (latest ${COVERED_SAMPLE.toLocaleString("en")})` : ""}`
          }
        />
        <ReportFigure
          label="Suggestions kept"
          value={share(adoption.kept, adoption.withSuggestion)}
          detail={
            adoption.withSuggestion === 0
              ? "no approved answer had a suggestion"
              : `${adoption.kept} of ${adoption.withSuggestion} approved ${adoption.withSuggestion === 1 ? "answer" : "answers"} that had one`
          }
        />
      </div>

      <Card className="mb-6">
        <CardHeader
          title="New questions the agent could not answer"
          description="The most asked of the gaps first seen this week."
        />
        {report.newGaps.top.length === 0 ? (
          <EmptyState title="No new gap this week">
            When the agent cannot answer a question, it appears here the week it is first asked.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {report.newGaps.top.map((g) => (
              <li key={g.id} className="flex items-start justify-between gap-3 px-5 py-3 text-sm">
                <Link
                  href={`/learning/gaps/${g.id}`}
                  className="min-w-0 break-words text-zinc-900 hover:underline"
                >
                  {g.question}
                </Link>
                <span className="shrink-0 text-zinc-500 tabular-nums">asked {g.signals}×</span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="mb-6">
        <CardHeader title="Answers approved this week" />
        <Approved report={report} />
      </Card>

      <section className="text-sm text-zinc-500">
        <h2 className="font-medium text-zinc-700">How these are counted</h2>
        <p className="mt-1">
          <strong className="font-medium">Now answered</strong>: of this week&apos;s questions that
          an answer approved before them covers (the same question in other words), the share the
          agent answered. <strong className="font-medium">Suggestions kept</strong>: of the answers
          approved this week whose gap had a suggested answer, the share approved with the
          suggestion unedited or nearly (at most {Math.round(ADOPTION_MAX_EDITED * 100)} % of its
          words changed).
        </p>
      </section>
    </>
  );
}
