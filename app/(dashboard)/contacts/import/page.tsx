import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";
import { ImportWizard } from "@/components/contacts/import-wizard";
import { PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";

export const metadata: Metadata = { title: "Import contacts" };

export default async function ImportContactsPage() {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.contactsImport.key);
  if (!hasPermission(ctx, "contacts.import")) {
    return (
      <NotAllowed title="Import contacts" reason="Only admins and owners can import contacts." />
    );
  }
  return (
    <>
      <TextLink href="/contacts" className="mb-3 inline-block text-sm">
        ← Contacts
      </TextLink>
      <PageHeader
        title="Import contacts"
        description="Add or complete contacts from a CSV file. Contacts are matched by phone number and email, so importing the same file twice creates nobody twice."
      />
      <ImportWizard />
    </>
  );
}
