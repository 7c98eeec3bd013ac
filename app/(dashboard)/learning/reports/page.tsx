import type { Metadata } from "next";
import Link from "next/link";
import { weekName } from "@/components/learning/report-parts";
import { Card, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TextLink } from "@/components/ui/text-link";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { listReportWeeks } from "@/lib/learning/report";

export const metadata: Metadata = { title: "Weekly learning reports" };

export default async function WeeklyReportsPage() {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.learning.key);
  if (!hasPermission(ctx, "learning.read")) {
    return <NotAllowed title="Weekly reports" reason="Your role cannot open the learning page" />;
  }
  const weeks = await listReportWeeks(ctx);
  return (
    <>
      <p className="mb-2 text-sm">
        <TextLink href="/learning">← Learning</TextLink>
      </p>
      <PageHeader
        title="Weekly reports"
        description="What your agent learned each week, on your organisation's clock. Owners and admins also get it by email on Monday morning."
      />
      <Card>
        <ul className="divide-y divide-zinc-100">
          {weeks.map((week, i) => (
            <li key={week}>
              <Link
                href={`/learning/reports/${week}`}
                className="flex items-center justify-between px-5 py-3 text-sm hover:bg-zinc-50"
              >
                <span className="font-medium text-zinc-900">{weekName(week)}</span>
                <span className="text-zinc-500">{i === 0 ? "this week, so far" : week}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
