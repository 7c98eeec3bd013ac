import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

// A dashboard page that does not exist (or belongs to another organisation: never "forbidden",
// so existence is not revealed), inside the dashboard's frame.
export default function DashboardNotFound() {
  return (
    <Card>
      <div className="px-6 py-10 text-center" data-testid="status-page">
        <p className="text-sm font-semibold tracking-wide text-brand-600">404</p>
        <h1 className="mt-1 text-xl font-semibold text-zinc-900">We can’t find this page</h1>
        <p className="mt-2 text-sm text-zinc-600">
          It may have been deleted, or the link may belong to another organisation.
        </p>
        <Link href="/dashboard" className={buttonClasses("primary", "mt-5")}>
          Back to the dashboard
        </Link>
      </div>
    </Card>
  );
}
