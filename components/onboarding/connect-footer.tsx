"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { deferConnectAction } from "@/lib/onboarding/server-actions";

/**
 * Continue is highlighted once both channels have delivered an event (a test event or a real
 * call); until then the owner may choose "do it later", which the dashboard keeps in view. What
 * each event proves is said above it (`status`, from lib/onboarding/channel-status): a test event
 * is not a working line.
 */
export function ConnectFooter({
  ready,
  realCallsArrived,
  status,
}: {
  ready: boolean;
  realCallsArrived: boolean;
  status: React.ReactNode;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="mt-6 border-t border-zinc-100 pt-5">
      <div className="mb-4">{status}</div>
      {ready ? null : (
        <p id="connect-hint" className="mb-3 text-sm text-zinc-600">
          Send a test event from Twilio and from VAPI: Continue lights up when both arrive. Not
          ready? Do it later — the dashboard will remind you.
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Link href="/onboarding/customize" className="text-sm text-zinc-600 hover:text-zinc-900">
          ← Back
        </Link>
        <div className="flex items-center gap-3">
          <p aria-live="polite" className="text-sm text-red-700">
            {error}
          </p>
          {ready ? null : (
            <Button
              variant="ghost"
              disabled={pending}
              data-testid="connect-later"
              onClick={() =>
                start(async () => {
                  const result = await deferConnectAction();
                  if (result.ok) router.push("/onboarding/value");
                  else setError(result.message);
                })
              }
            >
              {pending ? "Saving…" : "Do it later"}
            </Button>
          )}
          {ready ? (
            <Link
              href="/onboarding/value"
              data-testid="connect-continue"
              className={buttonClasses("primary")}
            >
              {realCallsArrived
                ? "✓ Real events arrived on both channels — continue"
                : "Test events verified — continue"}
            </Link>
          ) : (
            <Button disabled variant="secondary" aria-describedby="connect-hint">
              Continue
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
