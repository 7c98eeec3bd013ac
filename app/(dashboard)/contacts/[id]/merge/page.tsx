import type { Metadata } from "next";
import Link from "next/link";
import { TextLink } from "@/components/ui/text-link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { MergeForm } from "@/components/contacts/merge-form";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { contactFilterSchema } from "@/lib/contacts/filters";
import { previewMergeRecorded, type MergePreview } from "@/lib/contacts/merge/service";
import { contactLabel } from "@/lib/contacts/merge/plan";
import { getMergeStart } from "@/lib/contacts/merge/queries";
import { listContacts, type ContactListRow } from "@/lib/contacts/queries";
import { AppError, NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Merge contacts" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? "";

async function searchCandidates(
  ctx: Parameters<typeof listContacts>[0],
  contactId: string,
  q: string,
): Promise<ContactListRow[]> {
  const filter = contactFilterSchema.safeParse({ q });
  if (!q || !filter.success) return [];
  const { rows } = await listContacts(ctx, filter.data, { limit: 11 });
  return rows.filter((r) => r.id !== contactId).slice(0, 10);
}

/** Both directions of the merge, or the message that explains why this pair cannot merge. */
async function previewsOf(
  ctx: Parameters<typeof previewMergeRecorded>[0],
  contactId: string,
  otherId: string,
): Promise<{ previews: [MergePreview, MergePreview] } | { error: string }> {
  try {
    return {
      previews: await Promise.all([
        previewMergeRecorded(ctx, contactId, otherId),
        previewMergeRecorded(ctx, otherId, contactId),
      ]),
    };
  } catch (error) {
    if (error instanceof AppError && error.code !== "INTERNAL") return { error: error.message };
    throw error;
  }
}

export default async function MergeContactPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "contacts.merge")) {
    return (
      <NotAllowed
        title="Merge contacts"
        reason="Only admins and owners can merge contacts. Ask one of them."
      />
    );
  }
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const contact = await getMergeStart(ctx, id.data).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const label = contactLabel(contact);
  const back = (
    <TextLink href={`/contacts/${contact.id}`} className="mb-3 inline-block text-sm">
      ← {label}
    </TextLink>
  );
  if (contact.mergedIntoId) {
    return (
      <>
        {back}
        <NotAllowed title={`Merge ${label}`} reason="This contact has already been merged.">
          <TextLink href={`/contacts/${contact.mergedIntoId}`}>
            Open the contact it was merged into
          </TextLink>
        </NotAllowed>
      </>
    );
  }

  const sp = await searchParams;
  const q = one(sp.q);
  const withId = one(sp.with);
  const candidates = await searchCandidates(ctx, contact.id, q);
  const pair = z.uuid().safeParse(withId).success
    ? await previewsOf(ctx, contact.id, withId)
    : null;

  return (
    <>
      {back}
      <PageHeader
        title={`Merge ${label}`}
        description="When one person has two contacts, merge them into one. You can undo a merge for 30 days."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Find the duplicate"
            description="Search by name, email or phone number."
          />
          <form method="get" className="flex items-end gap-3 p-5" role="search">
            <div className="flex-1">
              <TextField label="Search contacts" name="q" defaultValue={q} maxLength={200} />
            </div>
            <button type="submit" className={buttonClasses("secondary")}>
              Search
            </button>
          </form>
          {q ? (
            candidates.length > 0 ? (
              <ul
                className="divide-y divide-zinc-100 border-t border-zinc-100"
                data-testid="merge-candidates"
              >
                {candidates.map((c) => (
                  <li
                    key={c.id}
                    className="flex items-center justify-between gap-4 px-5 py-3 text-sm"
                  >
                    <div className="min-w-0">
                      <p className="font-medium text-zinc-900">{contactLabel(c)}</p>
                      <p className="truncate text-zinc-500">
                        {[c.phoneE164, c.email].filter(Boolean).join(" · ") || "No phone or email"}
                      </p>
                    </div>
                    <Link
                      href={`?${new URLSearchParams({ q, with: c.id })}`}
                      className={buttonClasses(c.id === withId ? "primary" : "secondary")}
                      aria-current={c.id === withId ? "true" : undefined}
                    >
                      {c.id === withId ? "Selected" : "Compare"}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState title="No other contact matches.">
                Try a phone number or an email.
              </EmptyState>
            )
          ) : null}
        </Card>
        {pair && "error" in pair ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
            {pair.error}
          </p>
        ) : null}
        {pair && "previews" in pair ? (
          <MergeForm key={withId} previews={pair.previews} initialSurvivorId={contact.id} />
        ) : null}
      </div>
    </>
  );
}
