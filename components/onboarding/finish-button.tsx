"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { finishOnboardingAction } from "@/lib/onboarding/server-actions";

export function FinishButton() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-3">
      <p aria-live="polite" className="text-sm text-red-700">
        {error}
      </p>
      <Button
        data-testid="finish-onboarding"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await finishOnboardingAction();
            if (result.ok) router.push("/dashboard");
            else setError(result.message);
          })
        }
      >
        {pending ? "Opening…" : "Go to my dashboard"}
      </Button>
    </div>
  );
}
