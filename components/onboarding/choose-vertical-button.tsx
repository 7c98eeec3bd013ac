"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { chooseVerticalAction } from "@/lib/onboarding/server-actions";

export function ChooseVerticalButton({
  slug,
  label,
  selected,
}: {
  slug: string;
  label: string;
  selected: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <Button
        className="w-full"
        variant={selected ? "secondary" : "primary"}
        disabled={pending}
        data-testid={`choose-${slug}`}
        onClick={() =>
          start(async () => {
            const result = await chooseVerticalAction({ slug });
            if (result.ok) router.push("/onboarding/customize");
            else setError(result.message);
          })
        }
      >
        {pending ? "Setting up…" : selected ? `Keep ${label}` : `Choose ${label}`}
      </Button>
      <p aria-live="polite" className="mt-2 text-sm text-red-700">
        {error}
      </p>
    </div>
  );
}
