import type { Metadata } from "next";
import { DrillList } from "@/components/roi/drill-list";
import { DRILL_TITLES } from "@/components/roi/drill";
import { count, rangeLabel } from "@/components/roi/format";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { listRoiConversations } from "@/lib/roi/queries";
import { drilldownSchema, roiRangeSchema } from "@/lib/roi/schemas";

export const metadata: Metadata = { title: "Conversations behind the figures" };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The drill-down of the overview: the conversations a figure counts (lib/roi/drilldown-queries.ts). */
export default async function RoiConversationsPage({
  searchParams,
}: {
  searchParams: Promise<Params>;
}) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "roi.read") || !hasPermission(ctx, "contacts.read")) {
    return (
      <NotAllowed
        title="Conversations behind the figures"
        reason="Your role cannot see the conversations behind the figures."
      />
    );
  }
  const params = await searchParams;
  const range = roiRangeSchema.safeParse({ from: one(params.from), to: one(params.to) });
  const filter = drilldownSchema.safeParse({
    outcome: one(params.outcome),
    cursor: one(params.cursor),
  });
  const back = (
    <TextLink href="/dashboard" className="text-sm">
      Back to the overview
    </TextLink>
  );
  if (!range.success || !filter.success) {
    const issue = (range.error ?? filter.error)?.issues[0]?.message;
    return (
      <>
        <PageHeader title="Conversations behind the figures" />
        <Card>
          <EmptyState title="This list cannot be shown.">
            <p>{issue ?? "The link is not complete."} Open it again from the overview.</p>
            <p className="mt-2">{back}</p>
          </EmptyState>
        </Card>
      </>
    );
  }
  const page = await listRoiConversations(ctx, range.data, filter.data);
  const title = DRILL_TITLES[page.outcome];
  return (
    <>
      <PageHeader
        title={title}
        description={`${rangeLabel(page.range.from, page.range.to)} · ${count(page.total)} in the overview's figures · days in ${page.timezone}`}
      />
      <div className="mb-4">{back}</div>
      <DrillList page={page} />
    </>
  );
}
