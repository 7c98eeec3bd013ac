import Link from "next/link";
import { Card, EmptyState } from "@/components/ui/card";
import { getSessionContext } from "@/lib/auth/session";

// Another org's contact is missing here too, never "forbidden": its existence is not revealed.
export default async function ContactNotFound() {
  const session = await getSessionContext();
  const org = session?.ctx.org.name ?? "your organisation";
  return (
    <Card>
      <EmptyState title={`This contact does not exist in ${org}`}>
        <p>It may have been deleted, or the link may belong to another organisation.</p>
        <Link
          href="/contacts"
          className="mt-3 inline-block font-medium text-brand-700 hover:underline"
        >
          Back to contacts
        </Link>
      </EmptyState>
    </Card>
  );
}
