import type { Metadata } from "next";
import Link from "next/link";
import { CustomizeForm } from "@/components/verticals/customize-form";
import { SwitchVertical } from "@/components/verticals/switch-vertical";
import { TemplateUpgrade } from "@/components/verticals/template-upgrade";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { orgFlags } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { DAYS, type VerticalContent } from "@/lib/verticals/content";
import { customizeInputFrom } from "@/lib/verticals/customize-input";
import { countOverrides, entryTitles } from "@/lib/verticals/describe-change";
import { DAY_NAMES, intervalsText } from "@/lib/verticals/hours-text";
import { getOrgVerticalConfig, listTemplates } from "@/lib/verticals/queries";

export const metadata: Metadata = { title: "Agent & vertical" };

const TITLE = "Agent & vertical";

/** What members see instead of the editor: the agent's setup, in a few lines. */
function ReadOnlySummary({ config }: { config: VerticalContent }) {
  const questions = Object.keys(config.knowledge).length;
  const qualification = Object.keys(config.qualification).length;
  return (
    <dl className="space-y-4 text-sm" data-testid="agent-summary">
      <div>
        <dt className="font-medium text-zinc-800">Greeting</dt>
        <dd className="mt-1 text-zinc-600">{config.agent.greeting}</dd>
      </div>
      <div>
        <dt className="font-medium text-zinc-800">Opening hours</dt>
        <dd className="mt-1">
          <ul className="text-zinc-600">
            {DAYS.map((day) => (
              <li key={day}>
                {DAY_NAMES[day]}: {intervalsText(config.hours[day])}
              </li>
            ))}
          </ul>
        </dd>
      </div>
      <div>
        <dt className="font-medium text-zinc-800">What the agent knows and asks</dt>
        <dd className="mt-1 text-zinc-600">
          {questions} {questions === 1 ? "question" : "questions"} of starter knowledge,{" "}
          {qualification} qualification {qualification === 1 ? "question" : "questions"}.
        </dd>
      </div>
    </dl>
  );
}

export default async function AgentSettingsPage() {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "verticals.read")) {
    return <NotAllowed title={TITLE} reason="You cannot see the agent's setup" />;
  }
  const canWrite = hasPermission(ctx, "verticals.write");
  const [config, templates, flags] = await Promise.all([
    getOrgVerticalConfig(ctx),
    listTemplates(ctx),
    orgFlags(ctx.org.id),
  ]);
  const { template, resolved, defaults, overrides } = config;
  const description = "What your AI agent knows and says, starting from your trade’s template.";

  if (!template || !resolved || !defaults) {
    return (
      <>
        <PageHeader title={TITLE} description={description} />
        <Card>
          <CardHeader title="Your vertical" />
          <EmptyState title="You have not chosen your vertical yet">
            <p>The setup wizard picks the template your agent starts from.</p>
            {canWrite ? (
              <Link href="/onboarding" className={buttonClasses("primary", "mt-4")}>
                Continue the setup
              </Link>
            ) : (
              <p className="mt-1">An owner or admin of {ctx.org.name} can choose it.</p>
            )}
          </EmptyState>
        </Card>
      </>
    );
  }

  const titles = entryTitles(resolved);
  const others = templates
    .filter((t) => t.slug !== template.slug)
    .map(({ slug, label, tagline, latestVersion }) => ({ slug, label, tagline, latestVersion }));
  // A new template version or another trade replaces the values the form holds: start it afresh.
  const pinned = `${template.slug}@${template.version}`;

  return (
    <>
      <PageHeader title={TITLE} description={description} />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Your vertical" description={defaults.tagline} />
          <div className="space-y-4 p-5">
            <p className="text-sm text-zinc-900" data-testid="current-vertical">
              <span className="font-medium">{template.label}</span> · template v{template.version}
            </p>
            <TemplateUpgrade
              slug={template.slug}
              version={template.version}
              latestVersion={template.latestVersion}
              titles={titles}
              overrideCount={countOverrides(overrides)}
              canWrite={canWrite}
            />
          </div>
        </Card>

        {others.length ? (
          <Card>
            <CardHeader
              title="Change vertical"
              description="Your greeting, hours and costs carry over; trade-specific content comes from the new template."
            />
            <div className="p-5">
              <SwitchVertical
                currentLabel={template.label}
                options={others}
                titles={titles}
                canWrite={canWrite}
              />
            </div>
          </Card>
        ) : null}

        <Card>
          <CardHeader
            title="Make it yours"
            description={
              canWrite
                ? "Anything you change here wins over the template, including after an upgrade."
                : "Only owners and admins can change what the agent says."
            }
          />
          <div className="p-5">
            {canWrite ? (
              <CustomizeForm
                key={pinned}
                initial={customizeInputFrom(resolved)}
                defaults={customizeInputFrom(defaults)}
                submitLabel="Save changes"
                learnedLabel={flags[FLAGS.learning.key].enabled}
              />
            ) : (
              <ReadOnlySummary config={resolved} />
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
