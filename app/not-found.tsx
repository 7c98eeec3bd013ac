import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { StatusPage } from "@/components/shell/status-page";

export const metadata: Metadata = { title: "Page not found" };

// Any address that matches no page (answered 404 by Next), outside the dashboard's frame.
export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="We can’t find this page"
      actions={
        <>
          <Link href="/dashboard" className={buttonClasses("primary")}>
            Go to the dashboard
          </Link>
          <Link href="/sign-in" className={buttonClasses("secondary")}>
            Sign in
          </Link>
        </>
      }
    >
      <p>The address may be mistyped, or the page may have moved or been deleted.</p>
    </StatusPage>
  );
}
