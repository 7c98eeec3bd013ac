"use client";

import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { ErrorReference, StatusPage } from "@/components/shell/status-page";

// Unexpected errors outside the dashboard (sign-in, sign-up, invitations, setup). The message is
// never shown: the digest is the reference the server logged.
export default function RootError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <StatusPage
      code="Error"
      title="This page could not be loaded"
      actions={
        <>
          <Button onClick={reset}>Try again</Button>
          <Link href="/dashboard" className={buttonClasses("secondary")}>
            Go to the dashboard
          </Link>
        </>
      }
    >
      <p>Something went wrong on our side. Try again in a moment.</p>
      <ErrorReference digest={error.digest} />
    </StatusPage>
  );
}
