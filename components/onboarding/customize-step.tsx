"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { CustomizeForm } from "@/components/verticals/customize-form";
import type { CustomizeInput } from "@/lib/onboarding/schemas";

/** Step 3: the shared customisation form, moving on to the connect step once saved. */
export function CustomizeStep(props: { initial: CustomizeInput; defaults: CustomizeInput }) {
  const router = useRouter();
  return (
    <CustomizeForm
      {...props}
      submitLabel="Save and continue"
      onSaved={() => router.push("/onboarding/connect")}
      secondaryAction={
        <Link href="/onboarding/vertical" className="text-sm text-zinc-600 hover:text-zinc-900">
          ← Back
        </Link>
      }
    />
  );
}
