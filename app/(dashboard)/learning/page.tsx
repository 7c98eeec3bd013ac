import { clsx } from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { OutcomeBar } from "@/components/learning/outcome-bar";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { GapBulkForm } from "@/components/learning/gap-bulk-form";
import { GapFilters } from "@/components/learning/gap-filters";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { listGapPage, type GapRow } from "@/lib/learning/gap-list";
import { countGaps, listApprovedAnswers, outcomeTotals } from "@/lib/learning/queries";
import { listSuggestions } from "@/lib/learning/review-queries";
import { IMPACT_FORMULA } from "@/lib/learning/rank";
import { gapFilterSchema, type GapFilter, type GapView } from "@/lib/learning/schemas";

export const metadata: Metadata = { title: "Learning" };

const TABS: { status: GapView; label: string }[] = [
  { status: "open", label: "To review" },
  { status: "snoozed", label: "Snoozed" },
  { status: "approved", label: "Approved answers" },
  { status: "dismissed", label: "Dismissed" },
  { status: "expired", label: "Expired" },
];
const LANGUAGES = { en: "English", fr: "French" } as const;

const EMPTY: Record<GapView, { title: string; body: string }> = {
  open: {
    title: "No question is waiting for an answer",
    body: "When the agent says it does not know, or a caller has to ask twice, the question appears here within a few minutes of the call, grouped with the same question from other callers.",
  },
  snoozed: {
    title: "Nothing is snoozed",
    body: "Snooze a gap from its page to set it aside until a day you choose; it comes back to “To review” that day.",
  },
  approved: { title: "No approved answers yet", body: "" },
  dismissed: {
    title: "Nothing dismissed",
    body: "Gaps you dismiss, with your reason, are kept here.",
  },
  expired: {
    title: "Nothing expired",
    body: "Open gaps nobody asked about for four weeks are moved here by the weekly pass.",
  },
};

/** The list's URL for a filter (and a page of it). */
function listHref(filter: GapFilter, cursor?: string) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  if (cursor) params.set("cursor", cursor);
  return `/learning?${params.toString()}`;
}

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
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.learning.key);
  if (!hasPermission(ctx, "learning.read")) {
    return <NotAllowed title="Learning" reason="Your role cannot open the learning page" />;
  }
  const raw = await searchParams;
  const filter = gapFilterSchema.parse(raw);
  const cursor = typeof raw.cursor === "string" ? raw.cursor : null;
  const approvedView = filter.status === "approved";
  const [counts, totals, page, approved] = await Promise.all([
    countGaps(ctx),
    outcomeTotals(ctx),
    approvedView
      ? Promise.resolve({ rows: [], nextCursor: null })
      : listGapPage(ctx, filter, { cursor }),
    approvedView ? listApprovedAnswers(ctx) : Promise.resolve([]),
  ]);
  const gaps = page.rows;
  const canDecide = hasPermission(ctx, "learning.write") && filter.status === "open";
  const suggestions = canDecide ? await listSuggestions(ctx, gaps) : {};
  const turns = Object.values(totals).reduce((a, b) => a + b, 0);
  const filtered = Boolean(filter.language || filter.channel || filter.from || filter.to);

  const list = (
    <ol className="divide-y divide-zinc-100" data-testid="gap-list">
      {gaps.map((gap) => (
        <li key={gap.id} className="flex gap-3 px-5 py-4 sm:gap-4" data-testid="gap-row">
          {canDecide ? (
            <input
              type="checkbox"
              name="gaps[]"
              value={`${gap.id}:${gap.version}`}
              aria-label={`Choose: ${gap.canonicalQuestion}`}
              className="mt-1 size-4 shrink-0 rounded border-zinc-300"
            />
          ) : null}
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
              {filter.status === "snoozed" && gap.snoozedUntil ? (
                <span>back {timeAgo(gap.snoozedUntil)}</span>
              ) : (
                <Trend gap={gap} />
              )}
            </p>
            {canDecide && suggestions[gap.id] ? (
              <p className="line-clamp-2 text-sm break-words text-zinc-700">
                <span className="font-medium text-zinc-500">Suggested answer: </span>
                {suggestions[gap.id]}
              </p>
            ) : null}
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
  );

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
            href={listHref({ ...filter, status: tab.status })}
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
      </nav>

      {approvedView ? (
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
          <GapFilters filter={filter} />
          {gaps.length === 0 ? (
            filtered || cursor ? (
              <EmptyState title="No gap matches these filters">
                Try another language, channel or dates, or clear the filters.
              </EmptyState>
            ) : (
              <EmptyState title={EMPTY[filter.status].title}>
                {EMPTY[filter.status].body}
              </EmptyState>
            )
          ) : canDecide ? (
            <GapBulkForm>{list}</GapBulkForm>
          ) : (
            list
          )}
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
            <p className="min-w-0 flex-1">
              Ranked by impact, then by the last time asked. {IMPACT_FORMULA}.
            </p>
            {cursor ? (
              <TextLink href={listHref(filter)} className="text-sm">
                ← First page
              </TextLink>
            ) : null}
            {page.nextCursor ? (
              <TextLink
                href={listHref(filter, page.nextCursor)}
                className="text-sm"
                data-testid="next-page"
              >
                Next page →
              </TextLink>
            ) : null}
          </div>
        </Card>
      )}
    </>
  );
}
