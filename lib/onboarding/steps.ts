import type { OnboardingStep } from "@/db/schema";

export type WizardStep = OnboardingStep | "done";

/** The wizard's pages, in order. Each saves itself; "done" is the summary. */
export const WIZARD_STEPS: ReadonlyArray<{ slug: WizardStep; title: string; blurb: string }> = [
  { slug: "profile", title: "Your business", blurb: "Name, country, time zone and opening hours" },
  { slug: "vertical", title: "Your trade", blurb: "Start from a template made for it" },
  { slug: "customize", title: "Make it yours", blurb: "Greeting, hours, answers, questions" },
  { slug: "connect", title: "Connect", blurb: "Your Twilio number and VAPI agent" },
  { slug: "value", title: "What it's worth", blurb: "The figures behind your ROI" },
  { slug: "done", title: "All set", blurb: "Review and go live" },
];

export function isWizardStep(value: string): value is WizardStep {
  return WIZARD_STEPS.some((s) => s.slug === value);
}

export function stepAfter(step: WizardStep): WizardStep {
  const i = WIZARD_STEPS.findIndex((s) => s.slug === step);
  return WIZARD_STEPS[Math.min(i + 1, WIZARD_STEPS.length - 1)]!.slug;
}

export function stepBefore(step: WizardStep): WizardStep | null {
  const i = WIZARD_STEPS.findIndex((s) => s.slug === step);
  return i > 0 ? WIZARD_STEPS[i - 1]!.slug : null;
}
