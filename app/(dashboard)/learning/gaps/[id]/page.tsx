import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GapDecision } from "@/components/learning/gap-decision";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { formatDateTime, timeAgo } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getGap } from "@/lib/learning/queries";

export const metadata: Metadata = { title: "Knowledge gap" };

const OUTCOME_LABELS: Record<string, string> = {
  answered: "answered",
  deflected: "did not know",
  negative: "caller unhappy or repeated",
  escalated: "handed to a person",
  abandoned: "caller hung up",
};
const STATUS_TONE = {
  open: "amber",
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

  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/learning">← All gaps</TextLink>
      </p>
      <PageHeader
        title={gap.canonicalQuestion}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={STATUS_TONE[gap.status]}>{gap.status}</Badge>
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
      <Card>
        <CardHeader
          title="What callers asked"
          description="Each time, with what the agent answered. Open a conversation to read it whole."
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
                <p className="text-zinc-600">
                  <span className="font-medium">Agent: </span>
                  {e.answer}
                </p>
                <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                  <Badge tone={e.askedAgain ? "amber" : "zinc"}>
                    {e.askedAgain ? "asked again, still failed" : OUTCOME_LABELS[e.outcome]}
                  </Badge>
                  {e.channel === "voice" ? "call" : "text"}, {formatDateTime(e.occurredAt)}
                  {e.contactId ? (
                    <TextLink href={`/contacts/${e.contactId}`}>
                      Open on the caller’s timeline
                    </TextLink>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
