import { clsx } from "clsx";
import Link from "next/link";
import type { OnboardingState } from "@/lib/onboarding/queries";
import { WIZARD_STEPS, type WizardStep } from "@/lib/onboarding/steps";

/** The stepper: where the owner is, what is done; done steps and the next one are links. */
export function WizardProgress({
  current,
  state,
}: {
  current: WizardStep;
  state: OnboardingState;
}) {
  const index = WIZARD_STEPS.findIndex((s) => s.slug === current);
  const isDone = (slug: WizardStep) =>
    slug === "done" ? state.finished : slug === "connect" ? state.done.connect : state.done[slug];
  return (
    <nav aria-label="Setup progress" className="mb-8">
      <p className="mb-3 text-sm text-zinc-600">
        Step {index + 1} of {WIZARD_STEPS.length}
      </p>
      <ol className="grid grid-cols-3 gap-2 sm:grid-cols-6">
        {WIZARD_STEPS.map((step, i) => {
          const done = isDone(step.slug);
          const here = step.slug === current;
          const reachable = done || i <= index || step.slug === state.nextStep;
          const body = (
            <>
              <span
                className={clsx(
                  "block h-1.5 rounded-full",
                  here ? "bg-brand-600" : done ? "bg-brand-300" : "bg-zinc-200",
                )}
              />
              <span
                className={clsx(
                  "mt-2 block text-xs font-medium",
                  here ? "text-brand-700" : "text-zinc-600",
                )}
              >
                {done && !here ? "✓ " : ""}
                {step.title}
              </span>
            </>
          );
          return (
            <li key={step.slug} aria-current={here ? "step" : undefined}>
              {reachable && !here ? (
                <Link href={`/onboarding/${step.slug}`} className="block hover:opacity-80">
                  {body}
                  <span className="sr-only">{done ? " (done)" : ""}</span>
                </Link>
              ) : (
                <div>{body}</div>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
