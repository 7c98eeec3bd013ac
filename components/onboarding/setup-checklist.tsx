import { Card, CardHeader } from "@/components/ui/card";
import { channelStatus } from "@/lib/onboarding/channel-status";
import type { OnboardingState } from "@/lib/onboarding/queries";
import { ChannelStatusList } from "./channel-status-list";
import { WIZARD_STEPS } from "@/lib/onboarding/steps";
import { TextLink } from "@/components/ui/text-link";

/**
 * "Finish setting up": on the dashboard until every step is done, channels included. Those who
 * cannot change settings see it too, without the links, so they know why calls may be missing.
 */
export function SetupChecklist({ state, canEdit }: { state: OnboardingState; canEdit: boolean }) {
  const realEvents = Boolean(
    state.channels.twilio.lastRealEventAt && state.channels.vapi.lastRealEventAt,
  );
  if (state.complete && realEvents) return null;
  if (state.complete) {
    // Every step is done with Luneo's own test events: say that no real call has proved the line.
    return (
      <Card className="mb-6">
        <CardHeader
          title="Waiting for the first real call"
          description="Setup is done. Luneo verified its own signed test events; Twilio and VAPI have not sent a real call yet. Call your number once to check the whole line."
          action={
            canEdit ? (
              <TextLink href="/settings/channels" className="text-sm">
                Channels →
              </TextLink>
            ) : null
          }
        />
        <div className="p-5" data-testid="setup-checklist-channels">
          <ChannelStatusList channels={state.channels} />
        </div>
      </Card>
    );
  }
  const steps = WIZARD_STEPS.filter((s) => s.slug !== "done");
  const doneCount = steps.filter((s) => s.slug !== "done" && state.done[s.slug]).length;
  return (
    <Card className="mb-6">
      <CardHeader
        title="Finish setting up"
        description={`${doneCount} of ${steps.length} done. ${canEdit ? "Your agent works best once every step is." : "An owner or admin can finish the rest."}`}
        action={
          canEdit ? (
            <TextLink href="/onboarding" className="text-sm" data-testid="resume-setup">
              Continue setup →
            </TextLink>
          ) : null
        }
      />
      <div
        className="mx-5 mt-4 h-2 overflow-hidden rounded-full bg-zinc-100"
        role="progressbar"
        aria-label="Setup progress"
        aria-valuemin={0}
        aria-valuemax={steps.length}
        aria-valuenow={doneCount}
      >
        <div
          className="h-full rounded-full bg-brand-500"
          style={{ width: `${(doneCount / steps.length) * 100}%` }}
        />
      </div>
      <ul className="divide-y divide-zinc-100 px-5 py-2" data-testid="setup-checklist">
        {steps.map((step) => {
          const done = step.slug !== "done" && state.done[step.slug];
          const deferred = step.slug === "connect" && !done && state.connectDeferred;
          return (
            <li key={step.slug} className="flex items-center gap-3 py-3 text-sm">
              <span
                aria-hidden
                className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs ${done ? "bg-green-100 text-green-800" : deferred ? "bg-amber-100 text-amber-800" : "bg-zinc-100 text-zinc-500"}`}
              >
                {done ? "✓" : deferred ? "!" : ""}
              </span>
              <span className="flex-1">
                <span className="font-medium text-zinc-900">{step.title}</span>
                <span className="sr-only">{done ? " — done" : " — to do"}</span>
                <span className="block text-zinc-500">
                  {deferred
                    ? "You chose to do this later. Until Twilio and VAPI each deliver an event, calls do not reach Luneo."
                    : step.slug === "connect"
                      ? (["twilio", "vapi"] as const)
                          .map((p) => channelStatus(p, state.channels[p]).short)
                          .join(" · ")
                      : step.blurb}
                </span>
              </span>
              {canEdit && !done ? (
                <TextLink href={`/onboarding/${step.slug}`}>
                  {deferred ? "Connect now" : "Start"}
                  <span className="sr-only"> {step.title.toLowerCase()}</span>
                </TextLink>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
