import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChannelsSetup } from "@/components/channels/channels-setup";
import { ChannelStatusList } from "@/components/onboarding/channel-status-list";
import { ConnectFooter } from "@/components/onboarding/connect-footer";
import { CustomizeStep } from "@/components/onboarding/customize-step";
import { ProfileForm } from "@/components/onboarding/profile-form";
import { RoiForm } from "@/components/onboarding/roi-form";
import { SetupSummary } from "@/components/onboarding/setup-summary";
import { StepFrame } from "@/components/onboarding/step-frame";
import { VerticalCard } from "@/components/onboarding/vertical-card";
import { WizardProgress } from "@/components/onboarding/wizard-progress";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import type { TenantContext } from "@/lib/context";
import { OFFICE_HOURS } from "@/lib/onboarding/defaults";
import {
  AGENT_LANGUAGES,
  COUNTRIES,
  countryName,
  DEFAULT_TIME_ZONE,
  TIME_ZONES,
} from "@/lib/onboarding/options";
import { getOnboardingState, type OnboardingState } from "@/lib/onboarding/queries";
import type { BusinessProfileInput } from "@/lib/onboarding/schemas";
import { isWizardStep, WIZARD_STEPS, type WizardStep } from "@/lib/onboarding/steps";
import type { WeeklyHours } from "@/lib/verticals/content";
import { customizeInputFrom } from "@/lib/verticals/customize-input";
import { getOrgVerticalConfig, getTemplate, listTemplates } from "@/lib/verticals/queries";

type Params = { params: Promise<{ step: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { step } = await params;
  const title = WIZARD_STEPS.find((s) => s.slug === step)?.title ?? "Set up";
  return { title: `Set up · ${title}` };
}

export default async function WizardStepPage({ params }: Params) {
  const { step } = await params;
  if (!isWizardStep(step)) notFound();
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "verticals.write") || !hasPermission(ctx, "settings.write")) {
    return (
      <NotAllowed
        title="Set up"
        reason="Only the owner and admins set up the workspace. Ask them to finish it."
      />
    );
  }
  const state = await getOnboardingState(ctx);
  return (
    <>
      <WizardProgress current={step} state={state} />
      <StepBody step={step} ctx={ctx} state={state} />
    </>
  );
}

async function StepBody({
  step,
  ctx,
  state,
}: {
  step: WizardStep;
  ctx: TenantContext;
  state: OnboardingState;
}) {
  const config = await getOrgVerticalConfig(ctx);
  switch (step) {
    case "profile": {
      const overrides = config.overrides as {
        hours?: WeeklyHours;
        agent?: { language?: string };
      };
      const initial: BusinessProfileInput = {
        name: state.profile.name,
        country: state.profile.country,
        timezone:
          state.done.profile || state.profile.timezone !== "UTC"
            ? state.profile.timezone
            : (DEFAULT_TIME_ZONE[state.profile.country] ?? "UTC"),
        language: config.resolved?.agent.language ?? overrides.agent?.language ?? "en-US",
        hours: config.resolved?.hours ?? overrides.hours ?? OFFICE_HOURS,
      };
      return (
        <StepFrame
          title="Tell us about your business"
          description="The agent introduces your business by name, speaks your callers' language and knows when you are open."
        >
          <ProfileForm
            initial={initial}
            options={{
              countries: COUNTRIES.map((code) => ({ code, name: countryName(code) })).sort((a, b) =>
                a.name.localeCompare(b.name),
              ),
              timeZones: [...TIME_ZONES],
              languages: AGENT_LANGUAGES,
              defaultTimeZones: DEFAULT_TIME_ZONE,
            }}
          />
        </StepFrame>
      );
    }
    case "vertical": {
      const templates = await listTemplates(ctx);
      const latest = await Promise.all(templates.map((t) => getTemplate(ctx, t.slug)));
      return (
        <StepFrame
          wide
          title="What does your business do?"
          description="Each trade starts from a template: what the agent says, the questions it answers and asks, when it hands over to you. You can change everything next."
        >
          <div className="grid gap-5 md:grid-cols-2">
            {latest.map((t) => (
              <VerticalCard
                key={t.slug}
                slug={t.slug}
                content={t.content}
                selected={config.template?.slug === t.slug}
                businessName={state.profile.name}
              />
            ))}
          </div>
        </StepFrame>
      );
    }
    case "customize": {
      if (!config.resolved || !config.defaults) return <ChooseFirst />;
      return (
        <StepFrame
          wide
          title="Make it yours"
          description={`Starting from the ${config.template?.label.toLowerCase()} template. Change what does not sound like you; “Reset to template” brings a field back.`}
        >
          <CustomizeStep
            initial={customizeInputFrom(config.resolved)}
            defaults={customizeInputFrom(config.defaults)}
          />
        </StepFrame>
      );
    }
    case "connect":
      return (
        <StepFrame
          wide
          title="Connect your phone line and your agent"
          description="Paste your Twilio and VAPI details, copy the URLs into their consoles, then send a test event from each to check the line end to end."
        >
          <ChannelsSetup ctx={ctx} />
          <ConnectFooter
            ready={state.done.connect}
            realCallsArrived={Boolean(
              state.channels.twilio.lastRealEventAt && state.channels.vapi.lastRealEventAt,
            )}
            status={<ChannelStatusList channels={state.channels} />}
          />
        </StepFrame>
      );
    case "value": {
      if (!config.resolved || !config.defaults) return <ChooseFirst />;
      return (
        <StepFrame
          title="What is an answered call worth to you?"
          description="Luneo turns every call the agent handles into time and money saved. These are the template's figures for your trade; adjust them to your business."
        >
          <RoiForm initial={config.resolved.roi} defaults={config.defaults.roi} />
        </StepFrame>
      );
    }
    case "done":
      return (
        <StepFrame
          title="You're all set"
          description="Here is what your agent will do from the next call. Everything stays editable in Settings."
        >
          <SetupSummary state={state} config={config} />
        </StepFrame>
      );
  }
}

function ChooseFirst() {
  return (
    <StepFrame
      title="Choose your trade first"
      description="This step starts from your trade's template."
    >
      <Link href="/onboarding/vertical" className="text-sm font-medium text-brand-700 underline">
        Choose e-commerce or real estate
      </Link>
    </StepFrame>
  );
}
