import { TextLink } from "@/components/ui/text-link";
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
        <TextLink href="/contacts" className="mt-3 inline-block">
          Back to contacts
        </TextLink>
      </EmptyState>
    </Card>
  );
}
