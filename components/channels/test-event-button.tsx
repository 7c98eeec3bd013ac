"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/errors";
import { sendTestEventAction } from "@/lib/channels/server-actions";
import type { TestEventResult } from "@/lib/channels/test-event";

function describe(result: TestEventResult): { ok: boolean; text: string } {
  if (result.httpStatus !== 200) {
    return {
      ok: false,
      text: `Your endpoint answered ${result.httpStatus}. Check the secret and the public URL.`,
    };
  }
  if (result.eventStatus === "processed") {
    return {
      ok: true,
      text: `Arrived in ${result.milliseconds} ms, signature verified and processed${result.contactCreated ? " (its sample caller is kept out of your contacts)" : ""}. This checks Luneo's side only: a real call checks the provider's.`,
    };
  }
  return {
    ok: false,
    text: `Arrived in ${result.milliseconds} ms but is ${result.eventStatus ?? "not recorded"}.`,
  };
}

export function TestEventButton({ provider }: { provider: "twilio" | "vapi" }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<ActionResult<TestEventResult> | null>(null);
  const outcome = result?.ok ? describe(result.data) : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setResult(await sendTestEventAction(provider));
            // The page around it may depend on delivered events (the setup wizard's Continue).
            router.refresh();
          })
        }
      >
        {pending ? "Sending and waiting…" : "Send a test event"}
      </Button>
      <p aria-live="polite" data-testid={`test-event-${provider}`} className="text-sm">
        {result && !result.ok ? <span className="text-red-700">{result.message}</span> : null}
        {outcome ? (
          <span className={outcome.ok ? "text-green-700" : "text-amber-800"}>
            {outcome.ok ? "✓ " : ""}
            {outcome.text}{" "}
            <Link href="/settings/webhooks" className="font-medium underline">
              Open the webhook log
            </Link>
          </span>
        ) : null}
      </p>
    </div>
  );
}
