import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GapDecision } from "@/components/learning/gap-decision";
import { GapReviewActions } from "@/components/learning/gap-review-actions";
import { MoveOutButton } from "@/components/learning/move-out-button";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime, timeAgo } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { orgTimezone } from "@/lib/agent-actions/queries";
import { getGap } from "@/lib/learning/queries";
import { mergeTargets } from "@/lib/learning/review-queries";

export const metadata: Metadata = { title: "Knowledge gap" };

const OUTCOME_LABELS: Record<string, string> = {
  answered: "answered",
  deflected: "did not know",
  negative: "caller unhappy or repeated",
  escalated: "handed to a person",
  abandoned: "caller hung up",
};
const CHANNEL_LABELS: Record<string, string> = {
  voice: "call",
  sms: "text",
  webchat: "web chat",
  api: "sent through the API",
};
const STATUS_TONE = {
  open: "amber",
  snoozed: "zinc",
  approved: "green",
  dismissed: "zinc",
  expired: "zinc",
} as const;

export default async function GapPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.learning.key);
  if (!hasPermission(ctx, "learning.read")) {
    return <NotAllowed title="Knowledge gap" reason="Your role cannot open the learning page" />;
  }
  const { id } = await params;
  let found;
  try {
    found = await getGap(ctx, id);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  }
  const { gap, examples, suggestion } = found;
  const canDecide = hasPermission(ctx, "learning.write") && gap.status === "open";
  const now = new Date();
  const snoozed = gap.status === "open" && gap.snoozedUntil && gap.snoozedUntil > now;
  const [targets, timezone] = canDecide
    ? await Promise.all([mergeTargets(ctx, gap), orgTimezone(ctx)])
    : [[], "UTC"];
  const day = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: timezone }).format(d);
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);

  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/learning">← All gaps</TextLink>
      </p>
      <PageHeader
        title={gap.canonicalQuestion}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[snoozed ? "snoozed" : gap.status]}>
              {snoozed ? `snoozed until ${day(gap.snoozedUntil!)}` : gap.status}
            </Badge>
            asked {gap.signalCount}× by {gap.callerCount}{" "}
            {gap.callerCount === 1 ? "caller" : "callers"}, first {timeAgo(gap.firstSeenAt)}, last{" "}
            {timeAgo(gap.lastSeenAt)} · impact {gap.impact.toFixed(1)}
          </span>
        }
      />
      {canDecide ? (
        <Card className="mb-6">
          <CardHeader
            title="Teach the agent"
            description="The approved answer is added to your agent's questions and answers (Settings → Agent) and used from the next call."
          />
          <div className="px-5 py-4">
            <GapDecision
              gapId={gap.id}
              version={gap.version}
              question={gap.canonicalQuestion}
              suggestion={suggestion}
            />
          </div>
        </Card>
      ) : gap.status === "approved" ? (
        <Card className="mb-6">
          <CardHeader title="Approved answer" />
          <p className="px-5 py-4 text-sm whitespace-pre-line text-zinc-700">{gap.answer}</p>
        </Card>
      ) : gap.status === "dismissed" ? (
        <Card className="mb-6">
          <CardHeader title="Dismissed" description={gap.dismissReason ?? undefined} />
        </Card>
      ) : null}
      {canDecide ? (
        <Card className="mb-6">
          <CardHeader
            title="Not now, or not a gap of its own"
            description="Snooze it for later, or merge it with another gap that is the same question."
          />
          <div className="px-5 py-4">
            <GapReviewActions
              gapId={gap.id}
              version={gap.version}
              snoozedUntil={snoozed ? day(gap.snoozedUntil!) : null}
              tomorrow={tomorrow}
              targets={targets}
            />
          </div>
        </Card>
      ) : null}
      <Card>
        <CardHeader
          title="What callers asked"
          description={`Each time, with what the agent answered${
            examples.length < gap.signalCount
              ? ` (the ${examples.length} most recent of ${gap.signalCount})`
              : ""
          }. Open a conversation to read it whole.`}
        />
        {examples.length === 0 ? (
          <EmptyState title="No example left">
            The conversations of this gap were deleted.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="gap-examples">
            {examples.map((e) => (
              <li key={e.id} className="space-y-2 px-5 py-4 text-sm">
                <p className="text-zinc-900">
                  <span className="font-medium">Caller: </span>
                  {e.question}
                </p>
                {e.answer ? (
                  <p className="text-zinc-600">
                    <span className="font-medium">Agent: </span>
                    {e.answer}
                  </p>
                ) : null}
                <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                  <Badge tone={e.askedAgain ? "amber" : "zinc"}>
                    {e.askedAgain ? "asked again, still failed" : OUTCOME_LABELS[e.outcome]}
                  </Badge>
                  {CHANNEL_LABELS[e.channel] ?? e.channel}, {formatDateTime(e.occurredAt)}
                  {e.contactId ? (
                    <TextLink href={`/contacts/${e.contactId}`}>
                      Open on the caller’s timeline
                    </TextLink>
                  ) : null}
                </p>
                {canDecide && gap.signalCount > 1 ? (
                  <MoveOutButton gapId={gap.id} signalId={e.id} version={gap.version} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
