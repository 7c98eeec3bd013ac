import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";
import { notFound } from "next/navigation";
import { ImportProgress } from "@/components/contacts/import-progress";
import { PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { requireFlagOr404 } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { getImport } from "@/lib/contacts/import/queries";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Import progress" };

export default async function ImportProgressPage({
  params,
}: {
  params: Promise<{ importId: string }>;
}) {
  const { ctx } = await requireSessionContext();
  await requireFlagOr404(ctx.org.id, FLAGS.contactsImport.key);
  if (!hasPermission(ctx, "contacts.import")) {
    return (
      <NotAllowed title="Import contacts" reason="Only admins and owners can import contacts." />
    );
  }
  const state = await getImport(ctx, (await params).importId).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <>
      <TextLink href="/contacts" className="mb-3 inline-block text-sm">
        ← Contacts
      </TextLink>
      <PageHeader
        title="Importing contacts"
        description="You can leave this page: the import goes on, and this page shows where it is."
      />
      <ImportProgress initial={state} />
    </>
  );
}
