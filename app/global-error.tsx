"use client";

import { GeistSans } from "geist/font/sans";
import { ErrorReference, StatusPage } from "@/components/shell/status-page";
import { buttonClasses } from "@/components/ui/button";
import "./globals.css";

// When the root layout itself fails, this replaces it, so it brings its own <html> and styles.
// Plain links: the app's router may be what failed.
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en" className={GeistSans.variable}>
      <body className="min-h-screen font-sans">
        <StatusPage
          code="Error"
          title="Luneo could not be loaded"
          actions={
            <>
              <button type="button" onClick={reset} className={buttonClasses("primary")}>
                Try again
              </button>
              <a href="/dashboard" className={buttonClasses("secondary")}>
                Go to the dashboard
              </a>
            </>
          }
        >
          <p>Something went wrong on our side. Try again in a moment.</p>
          <ErrorReference digest={error.digest} />
        </StatusPage>
      </body>
    </html>
  );
}
