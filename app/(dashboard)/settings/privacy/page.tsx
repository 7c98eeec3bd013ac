import type { Metadata } from "next";
import { AnalyticsPreferenceForm } from "@/components/analytics/analytics-preference-form";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { formatDateTime } from "@/components/ui/format";
import { getAnalyticsPreference } from "@/lib/analytics/service";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { postHogStatus } from "@/lib/flags/posthog";

export const metadata: Metadata = { title: "Privacy" };

export default async function PrivacyPage() {
  const { ctx } = await requireSessionContext();
  const preference = await getAnalyticsPreference(ctx);
  return (
    <>
      <PageHeader
        title="Privacy"
        description="What Luneo itself learns from how your organisation uses it."
      />
      <Card>
        <CardHeader
          title="Product analytics"
          description={
            preference.share
              ? "Luneo counts setup steps and feature use per organisation to improve the product."
              : `This organisation is not counted${preference.optedOutAt ? ` (since ${formatDateTime(preference.optedOutAt)})` : ""}.`
          }
        />
        <div className="space-y-4 p-5">
          <div className="rounded-md bg-zinc-50 p-4 text-sm text-zinc-700">
            <p className="font-medium text-zinc-900">What is counted, and what never is</p>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              <li>
                Counted: that the organisation signed up, finished a setup step, connected a channel
                or received its first call — with your trade and the date you joined.
              </li>
              <li>
                Never: names, email addresses, phone numbers, what callers said, or anything about
                your contacts. Events are about the organisation, not about any person.
              </li>
            </ul>
          </div>
          {postHogStatus() === "not-configured" ? (
            <p className="text-sm text-zinc-600" data-testid="analytics-not-configured">
              This installation of Luneo sends no product analytics at all; your choice applies if
              it ever does.
            </p>
          ) : null}
          <AnalyticsPreferenceForm
            share={preference.share}
            canWrite={hasPermission(ctx, "settings.write")}
          />
        </div>
      </Card>
    </>
  );
}
