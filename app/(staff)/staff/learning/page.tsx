import { clsx } from "clsx";
import type { Metadata } from "next";
import Link from "next/link";
import { PromoteAnswerForm } from "@/components/learning/promote-answer-form";
import { TextLink } from "@/components/ui/text-link";
import { Badge, Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { crossOrgGaps, MIN_ORGS } from "@/lib/learning/staff-queries";
import { requireStaffOr404 } from "@/lib/staff/session";
import { TEMPLATE_SLUGS, type TemplateSlug } from "@/lib/verticals/templates";

export const metadata: Metadata = { title: "Learning across orgs" };

export default async function StaffLearningPage({
  searchParams,
}: {
  searchParams: Promise<{ vertical?: string }>;
}) {
  const staff = await requireStaffOr404();
  const { vertical: asked } = await searchParams;
  const vertical: TemplateSlug = (TEMPLATE_SLUGS as readonly string[]).includes(asked ?? "")
    ? (asked as TemplateSlug)
    : "real-estate";
  const gaps = await crossOrgGaps(staff, vertical);
  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/staff">← Organisations</TextLink>
      </p>
      <PageHeader
        title="Learning across orgs"
        description={`Questions the agents of one trade cannot answer, shared by at least ${MIN_ORGS} orgs. Questions and counts only: no org, caller or contact. Opening this page is recorded in the platform audit log.`}
      />
      <nav aria-label="Trade" className="mb-4 flex gap-2">
        {TEMPLATE_SLUGS.map((slug) => (
          <Link
            key={slug}
            href={`/staff/learning?vertical=${slug}`}
            aria-current={slug === vertical ? "page" : undefined}
            className={clsx(
              "rounded-full px-3 py-1.5 text-sm font-medium",
              slug === vertical
                ? "bg-zinc-900 text-white"
                : "bg-white text-zinc-700 ring-1 ring-zinc-200",
            )}
          >
            {slug}
          </Link>
        ))}
      </nav>
      <Card>
        <CardHeader title="Shared gaps" description="Most orgs first" />
        {gaps.length === 0 ? (
          <EmptyState title={`No question is shared by ${MIN_ORGS} or more orgs yet`}>
            Questions appear here once agents of {MIN_ORGS} different orgs of this trade have failed
            to answer them.
          </EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="staff-learning">
              <TableHead
                caption="Questions shared across orgs"
                columns={["Question", "Orgs", "Times asked", "Answered in"]}
              />
              <tbody className="divide-y divide-zinc-100">
                {gaps.map((gap) => (
                  <tr key={`${gap.language}:${gap.question}`}>
                    <td className="px-5 py-3">
                      <span className="text-zinc-900">{gap.question}</span>{" "}
                      <Badge>{gap.language}</Badge>
                      <PromoteAnswerForm
                        vertical={vertical}
                        language={gap.language}
                        question={gap.question}
                      />
                    </td>
                    <td className="px-5 py-3 tabular-nums">{gap.orgs}</td>
                    <td className="px-5 py-3 tabular-nums">{gap.signals}</td>
                    <td className="px-5 py-3 tabular-nums">{gap.approvedIn} orgs</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
