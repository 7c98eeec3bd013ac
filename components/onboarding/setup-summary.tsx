import type { OnboardingState } from "@/lib/onboarding/queries";
import { ChannelStatusList } from "./channel-status-list";
import { withBusinessName } from "@/lib/verticals/assistant-overrides";
import { describeOpeningHours } from "@/lib/verticals/hours-text";
import type { OrgVerticalConfig } from "@/lib/verticals/queries";
import { FinishButton } from "./finish-button";
import { TextLink } from "@/components/ui/text-link";

function Row({
  label,
  href,
  children,
}: {
  label: string;
  href: string;
  children: React.ReactNode;
}) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_1fr_auto] sm:gap-4">
      <dt className="text-sm font-medium text-zinc-900">{label}</dt>
      <dd className="text-sm text-zinc-700">{children}</dd>
      <dd>
        <TextLink href={href} className="text-sm">
          Edit<span className="sr-only"> {label.toLowerCase()}</span>
        </TextLink>
      </dd>
    </div>
  );
}

/** Step 6: everything the wizard set, each with a way back to change it. */
export function SetupSummary({
  state,
  config,
}: {
  state: OnboardingState;
  config: OrgVerticalConfig;
}) {
  const resolved = config.resolved;
  const channels = state.channels;
  return (
    <div data-testid="setup-summary">
      <dl className="divide-y divide-zinc-100">
        <Row label="Business" href="/onboarding/profile">
          {state.profile.name} · {state.profile.country} ·{" "}
          {state.profile.timezone.replaceAll("_", " ")}
        </Row>
        <Row label="Trade" href="/onboarding/vertical">
          {config.template
            ? `${config.template.label} (template v${config.template.version})`
            : "Not chosen yet"}
        </Row>
        {resolved ? (
          <>
            <Row label="Greeting" href="/onboarding/customize">
              “{withBusinessName(resolved.agent.greeting, state.profile.name)}”
            </Row>
            <Row label="Opening hours" href="/onboarding/customize">
              {describeOpeningHours(resolved.hours)}
            </Row>
            <Row label="Knowledge" href="/onboarding/customize">
              {Object.keys(resolved.knowledge).length} answers,{" "}
              {Object.keys(resolved.qualification).length} qualification questions
            </Row>
            <Row label="Value" href="/onboarding/value">
              {resolved.roi.minutesPerCall} min per call at {resolved.roi.loadedHourlyCost}{" "}
              {resolved.roi.currency}/h; {resolved.roi.valuePerOutcome} {resolved.roi.currency} per{" "}
              {resolved.roi.outcomeLabel}
            </Row>
          </>
        ) : null}
        <Row label="Channels" href="/onboarding/connect">
          <div data-testid="summary-channels">
            <ChannelStatusList channels={channels} />
          </div>
        </Row>
      </dl>
      {!state.done.connect ? (
        <p className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          Calls will not reach Luneo until both channels have delivered an event. The dashboard
          keeps this on its checklist.
        </p>
      ) : !(channels.twilio.lastRealEventAt && channels.vapi.lastRealEventAt) ? (
        <p className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          Luneo’s test events went through, but no real call has arrived yet: call your number once
          to check the whole line.
        </p>
      ) : null}
      <div className="mt-6 flex justify-end border-t border-zinc-100 pt-5">
        <FinishButton />
      </div>
    </div>
  );
}
