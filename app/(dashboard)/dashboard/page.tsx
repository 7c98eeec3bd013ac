import { trackAfterResponse } from "@/lib/analytics/track";
import type { Metadata } from "next";
import { Suspense } from "react";
import { RoiEmpty, RoiOverview } from "@/components/roi/overview";
import { RangePicker } from "@/components/roi/range-picker";
import { RoiSkeleton } from "@/components/roi/skeleton";
import { describeAuditEntry } from "@/components/audit/describe";
import { SetupChecklist } from "@/components/onboarding/setup-checklist";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { timeAgo } from "@/components/ui/format";
import { listApiKeys } from "@/lib/api-keys/service";
import { listActivity } from "@/lib/audit/queries";
import { contactLabel } from "@/lib/contacts/merge/plan";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { getOnboardingState } from "@/lib/onboarding/queries";
import { listMembers } from "@/lib/tenancy/members";
import { TextLink } from "@/components/ui/text-link";
import type { TenantContext } from "@/lib/context";
import { rangeFromParams } from "@/lib/roi/presets";
import { compareFormula, getRoiForecast, getRoiReport, getRoiToday } from "@/lib/roi/queries";
import { roiRangeSchema } from "@/lib/roi/schemas";

export const metadata: Metadata = { title: "Overview" };

type Params = Record<string, string | string[] | undefined>;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { ctx, user } = await requireSessionContext();
  const isAdmin = hasPermission(ctx, "audit.read");
  const [setup, members, keys, activity] = await Promise.all([
    getOnboardingState(ctx),
    listMembers(ctx),
    hasPermission(ctx, "api_keys.read") ? listApiKeys(ctx) : Promise.resolve(null),
    isAdmin ? listActivity(ctx, 5) : Promise.resolve(null),
  ]);
  const activeKeys = keys?.filter((k) => !k.revokedAt).length;
  const firstName = user.name.split(" ")[0] || user.name;

  return (
    <>
      <PageHeader
        title={`Welcome, ${firstName}`}
        description={`This is ${ctx.org.name}’s workspace.`}
      />
      {hasPermission(ctx, "roi.read") ? (
        <Suspense fallback={<RoiSkeleton />}>
          <RoiSection ctx={ctx} params={await searchParams} />
        </Suspense>
      ) : null}
      <div className="mt-6">
        <SetupChecklist
          state={setup}
          canEdit={hasPermission(ctx, "verticals.write") && hasPermission(ctx, "settings.write")}
        />
      </div>
      <div className="mt-6 grid gap-4 sm:grid-cols-2">
        <Card>
          <div className="p-5">
            <p className="text-sm text-zinc-500">Team</p>
            <p className="mt-1 text-3xl font-semibold text-zinc-900">{members.length}</p>
            <TextLink href="/settings/team" className="mt-2 inline-block text-sm">
              {hasPermission(ctx, "members.invite") ? "Invite a teammate" : "See the team"}
            </TextLink>
          </div>
        </Card>
        {activeKeys !== undefined ? (
          <Card>
            <div className="p-5">
              <p className="text-sm text-zinc-500">Active API keys</p>
              <p className="mt-1 text-3xl font-semibold text-zinc-900">{activeKeys}</p>
              <TextLink href="/settings/api-keys" className="mt-2 inline-block text-sm">
                Manage keys
              </TextLink>
            </div>
          </Card>
        ) : null}
      </div>
      {activity ? (
        <Card className="mt-6">
          <CardHeader
            title="Recent activity"
            action={
              <TextLink href="/settings/audit-log" className="text-sm">
                Audit log
              </TextLink>
            }
          />
          {activity.rows.length === 0 ? (
            <EmptyState title="No activity yet" />
          ) : (
            <ul className="divide-y divide-zinc-100">
              {activity.rows.map((row) => {
                const { actor, text } = describeAuditEntry(row);
                return (
                  <li key={row.id} className="flex justify-between px-5 py-3 text-sm">
                    <span>
                      <span className="font-medium text-zinc-900">{actor}</span> {text}
                      {row.contact ? ` · ${contactLabel(row.contact)}` : null}
                    </span>
                    <span className="text-zinc-500">{timeAgo(row.createdAt)}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      ) : null}
    </>
  );
}

/** What the agent did in the chosen period and what it is worth (lib/roi). */
async function RoiSection({ ctx, params }: { ctx: TenantContext; params: Params }) {
  const today = await getRoiToday(ctx);
  const asked = rangeFromParams(params, today);
  const parsed = roiRangeSchema.safeParse(asked);
  const range = parsed.success
    ? parsed.data
    : roiRangeSchema.parse(rangeFromParams({ range: "7d" }, today));
  const error = parsed.success ? undefined : parsed.error.issues[0]?.message;
  const report = await getRoiReport(ctx, range);
  // Product analytics: the first time an org sees what its agent is worth (sent after the response).
  if (report.computed) trackAfterResponse(ctx.org.id, "roi viewed", {}, { once: "roi viewed" });
  const [comparison, forecast] = await Promise.all([
    report.computed && report.pinned && report.pinned.formulaVersion < report.latestFormula
      ? compareFormula(ctx, report.latestFormula)
      : null,
    getRoiForecast(ctx),
  ]);
  return (
    <section aria-labelledby="roi-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="roi-heading" className="text-lg font-semibold text-zinc-900">
          What your agent did, and what it is worth
        </h2>
        {hasPermission(ctx, "roi.write") ? (
          <TextLink href="/settings/roi" className="text-sm">
            Assumptions
          </TextLink>
        ) : null}
      </div>
      {report.computed ? (
        <>
          <RangePicker
            preset={parsed.success ? asked.preset : "7d"}
            from={range.from}
            to={range.to}
            granularity={range.granularity}
            error={error}
          />
          <RoiOverview
            report={report}
            comparison={comparison}
            forecast={forecast}
            canAdopt={hasPermission(ctx, "roi.write")}
          />
        </>
      ) : (
        <RoiEmpty canEdit={hasPermission(ctx, "roi.write")} />
      )}
    </section>
  );
}
