import { clsx } from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { OutcomeBar } from "@/components/learning/outcome-bar";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import type { GapStatus } from "@/db/schema/learning";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import {
  countGaps,
  listApprovedAnswers,
  listGaps,
  outcomeTotals,
  type GapRow,
} from "@/lib/learning/queries";
import { IMPACT_FORMULA } from "@/lib/learning/rank";
import { gapFilterSchema } from "@/lib/learning/schemas";

export const metadata: Metadata = { title: "Learning" };

const TABS: { status: GapStatus; label: string }[] = [
  { status: "open", label: "To review" },
  { status: "approved", label: "Approved answers" },
  { status: "dismissed", label: "Dismissed" },
  { status: "expired", label: "Expired" },
];
const LANGUAGES = { en: "English", fr: "French" } as const;

function Trend({ gap }: { gap: GapRow }) {
  if (gap.lastWeek === gap.weekBefore) return <span className="text-zinc-500">steady</span>;
  const up = gap.lastWeek > gap.weekBefore;
  return (
    <span className={up ? "text-red-700" : "text-emerald-700"}>
      {up ? "▲" : "▼"} {gap.lastWeek} this week
      <span className="sr-only"> against {gap.weekBefore} the week before</span>
    </span>
  );
}

export default async function LearningPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; language?: string }>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.learning.key);
  if (!hasPermission(ctx, "learning.read")) {
    return <NotAllowed title="Learning" reason="Your role cannot open the learning page" />;
  }
  const filter = gapFilterSchema.parse(await searchParams);
  const [counts, totals, gaps, approved] = await Promise.all([
    countGaps(ctx),
    outcomeTotals(ctx),
    filter.status === "approved" ? Promise.resolve([]) : listGaps(ctx, filter),
    filter.status === "approved" ? listApprovedAnswers(ctx) : Promise.resolve([]),
  ]);
  const href = (status: GapStatus, language = filter.language) =>
    `/learning?status=${status}${language ? `&language=${language}` : ""}`;
  const turns = Object.values(totals).reduce((a, b) => a + b, 0);

  return (
    <>
      <PageHeader
        title="Learning"
        description={
          <>
            Questions your agent could not answer, grouped and ranked. Approve an answer and the
            agent gives it from the next call.{" "}
            <TextLink href="/learning/reports">Weekly reports</TextLink>
          </>
        }
      />
      <Card className="mb-6">
        <CardHeader
          title="What the agent did, last 4 weeks"
          description={`${turns} agent ${turns === 1 ? "turn" : "turns"} read from your calls and texts`}
        />
        <div className="px-5 py-4">
          {turns === 0 ? (
            <p className="text-sm text-zinc-500">
              Nothing yet: once calls and texts come in, each thing the agent says is checked here a
              couple of minutes after the conversation ends.
            </p>
          ) : (
            <OutcomeBar totals={totals} />
          )}
        </div>
      </Card>

      <nav aria-label="Gap status" className="mb-4 flex flex-wrap gap-2">
        {TABS.map((tab) => (
          <Link
            key={tab.status}
            href={href(tab.status)}
            aria-current={filter.status === tab.status ? "page" : undefined}
            className={clsx(
              "rounded-full px-3 py-1.5 text-sm font-medium",
              filter.status === tab.status
                ? "bg-zinc-900 text-white"
                : "bg-white text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-50",
            )}
          >
            {tab.label} <span className="tabular-nums opacity-80">{counts[tab.status]}</span>
          </Link>
        ))}
        {filter.status !== "approved" ? (
          <span className="ml-auto flex flex-wrap gap-2 text-sm">
            {([undefined, "en", "fr"] as const).map((language) => (
              <Link
                key={language ?? "all"}
                href={href(filter.status, language)}
                aria-current={filter.language === language ? "true" : undefined}
                className={clsx(
                  "rounded-md px-2 py-1",
                  filter.language === language
                    ? "bg-brand-50 text-brand-700"
                    : "text-zinc-600 hover:bg-zinc-100",
                )}
              >
                {language ? LANGUAGES[language] : "All languages"}
              </Link>
            ))}
          </span>
        ) : null}
      </nav>

      {filter.status === "approved" ? (
        <Card>
          {approved.length === 0 ? (
            <EmptyState title="No approved answers yet">
              Answers you approve from “To review” are listed here, and the agent uses them on every
              call. They also appear in Settings → Agent, where you can edit them.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-zinc-100" data-testid="approved-answers">
              {approved.map((a) => (
                <li key={a.id} className="space-y-1 px-5 py-4">
                  <p className="font-medium text-zinc-900">{a.question}</p>
                  <p className="text-sm whitespace-pre-line text-zinc-700">{a.answer}</p>
                  <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                    <Badge>{LANGUAGES[a.language]}</Badge>
                    approved {timeAgo(a.decidedAt)}
                    {a.askedAgain > 0 ? (
                      <Badge tone="amber">
                        asked again, still failed {a.askedAgain}×: the answer may need editing
                      </Badge>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : (
        <Card>
          {gaps.length === 0 ? (
            <EmptyState
              title={
                filter.status === "open" ? "No question is waiting for an answer" : "Nothing here"
              }
            >
              {filter.status === "open"
                ? "When the agent says it does not know, or a caller has to ask twice, the question appears here within a few minutes of the call, grouped with the same question from other callers."
                : "Gaps you dismiss, and gaps nobody asked about for four weeks, are kept here."}
            </EmptyState>
          ) : (
            <ol className="divide-y divide-zinc-100" data-testid="gap-list">
              {gaps.map((gap, i) => (
                <li key={gap.id} className="flex gap-4 px-5 py-4" data-testid="gap-row">
                  <span className="w-6 shrink-0 pt-0.5 text-right text-sm text-zinc-400 tabular-nums">
                    {i + 1}
                  </span>
                  <div className="min-w-0 flex-1 space-y-1">
                    <Link
                      href={`/learning/gaps/${gap.id}`}
                      className="font-medium break-words text-zinc-900 hover:underline"
                    >
                      {gap.canonicalQuestion}
                    </Link>
                    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600">
                      <Badge>{LANGUAGES[gap.language]}</Badge>
                      <span>
                        asked {gap.signalCount}× by {gap.callerCount}{" "}
                        {gap.callerCount === 1 ? "caller" : "callers"}
                      </span>
                      <span>last {timeAgo(gap.lastSeenAt)}</span>
                      <Trend gap={gap} />
                    </p>
                  </div>
                  <span
                    className="shrink-0 text-right text-sm font-semibold text-zinc-900 tabular-nums"
                    title="Impact"
                  >
                    {gap.impact.toFixed(1)}
                    <span className="block text-xs font-normal text-zinc-500">impact</span>
                  </span>
                </li>
              ))}
            </ol>
          )}
          <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
            Ranked by impact, then by the last time asked. {IMPACT_FORMULA}.
          </p>
        </Card>
      )}
    </>
  );
}
