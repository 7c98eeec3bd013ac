"use client";

import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";

// Unexpected errors never show their message: the digest is the reference the server logged.
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h1 className="text-lg font-semibold text-red-900">This page could not be loaded</h1>
      <p className="mt-1 text-sm text-red-800">
        Something went wrong on our side{error.digest ? ` (ref ${error.digest})` : ""}. Try again;
        if it keeps happening, send us the reference.
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        <Button variant="secondary" onClick={reset}>
          Try again
        </Button>
        <Link href="/dashboard" className={buttonClasses("ghost")}>
          Back to the dashboard
        </Link>
      </div>
    </div>
  );
}
