import { redirect } from "next/navigation";
import { requireSessionContext } from "@/lib/auth/session";
import { getOnboardingState } from "@/lib/onboarding/queries";

// /onboarding resumes where the owner left off.
export default async function OnboardingPage() {
  const { ctx } = await requireSessionContext();
  const state = await getOnboardingState(ctx);
  redirect(`/onboarding/${state.nextStep}`);
}
