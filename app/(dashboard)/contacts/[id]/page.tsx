import type { Metadata } from "next";
import Link from "next/link";
import { TextLink } from "@/components/ui/text-link";
import { notFound, redirect } from "next/navigation";
import { Suspense } from "react";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { LEAD_STATUS_LABELS, LEAD_STATUS_TONES } from "@/components/contacts/labels";
import { MergeUndoBanner } from "@/components/contacts/merge-undo-banner";
import { formatPhone } from "@/components/contacts/phone-format";
import { ProfileCard, type LeadFieldDef } from "@/components/contacts/profile-card";
import { ProfileEditor } from "@/components/contacts/profile-form";
import { ContactTimeline } from "@/components/contacts/timeline";
import { MemoryPanel } from "@/components/memory/memory-panel";
import { QueryProvider } from "@/components/providers/query-provider";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, CardHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { contactKeys } from "@/lib/contacts/keys";
import { getContactRecorded } from "@/lib/contacts/recorded-reads";
import { getTimelinePageRecorded } from "@/lib/contacts/timeline/recorded-reads";
import type { TenantContext } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { ordered } from "@/lib/verticals/content";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";

import { orgFlags } from "@/lib/flags/evaluate";
import { FLAGS } from "@/lib/flags/registry";

// No name in the title: the browser's history and tab list are not the place for PII.
export const metadata: Metadata = { title: "Contact" };

/** The lead fields of the org's trade, in question order, each once. */
async function leadFieldsOf(ctx: TenantContext): Promise<LeadFieldDef[]> {
  if (!hasPermission(ctx, "verticals.read")) return [];
  const { resolved } = await getOrgVerticalConfig(ctx);
  const fields = new Map<string, LeadFieldDef>();
  for (const question of ordered(resolved?.qualification ?? {})) {
    const { key, label, type, options, unit } = question.field;
    if (!fields.has(key)) fields.set(key, { key, label, type, options, unit });
  }
  return [...fields.values()];
}

export default async function ContactPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ merged?: string | string[] }>;
}) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "contacts.read")) {
    return <NotAllowed title="Contact" reason="Your role cannot open contacts" />;
  }
  // Audited as contact.viewed: this page loads the contact once per render.
  const reading = await getContactRecorded(ctx, (await params).id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { contact, phones, emails, country, timezone } = reading;
  if (contact.mergedIntoId) redirect(`/contacts/${contact.mergedIntoId}?merged=1`);
  const merged = (await searchParams).merged !== undefined;

  const queryClient = new QueryClient();
  const [leadFields, flags] = await Promise.all([
    leadFieldsOf(ctx),
    orgFlags(ctx.org.id),
    queryClient.prefetchInfiniteQuery({
      queryKey: contactKeys.timeline(contact.id),
      queryFn: () => getTimelinePageRecorded(ctx, contact.id),
      initialPageParam: null as string | null,
    }),
  ]);

  // The actions module's tasks, linked from here while its flag is on (docs/adr/0012).
  const tasksOn = flags[FLAGS.actions.key].enabled;
  const primaryPhone = phones[0] ? formatPhone(phones[0], country) : null;
  const displayName = contact.name ?? primaryPhone ?? emails[0] ?? "Unnamed contact";
  const card = (
    <ProfileCard
      contact={contact}
      phones={phones}
      emails={emails}
      country={country}
      timezone={timezone}
      leadFields={leadFields}
    />
  );

  return (
    <>
      <TextLink href="/contacts" className="mb-3 inline-block text-sm">
        ← Contacts
      </TextLink>
      {merged ? (
        <p
          role="status"
          className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700"
          data-testid="merged-notice"
        >
          The contact you opened was merged into this one.
        </p>
      ) : null}
      <MergeUndoBanner ctx={ctx} contactId={contact.id} />
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-2">
          <div className="flex flex-wrap items-center gap-3">
            <h1
              className="text-2xl font-semibold tracking-tight break-words text-zinc-900"
              data-testid="contact-name"
            >
              {displayName}
            </h1>
            <Badge tone={LEAD_STATUS_TONES[contact.leadStatus]}>
              <span data-testid="lead-status">{LEAD_STATUS_LABELS[contact.leadStatus]}</span>
            </Badge>
          </div>
          {primaryPhone || emails[0] ? (
            <p className="flex flex-wrap gap-x-4 text-sm text-zinc-600">
              {primaryPhone && phones[0] ? (
                <a href={`tel:${phones[0]}`} className="hover:underline">
                  {primaryPhone}
                </a>
              ) : null}
              {emails[0] ? (
                <a href={`mailto:${emails[0]}`} className="hover:underline">
                  {emails[0]}
                </a>
              ) : null}
            </p>
          ) : null}
          {contact.tags.length > 0 ? (
            <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
              {contact.tags.map((tag) => (
                <li key={tag}>
                  <Badge>{tag}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {tasksOn && hasPermission(ctx, "tasks.write") ? (
            <Link href={`/tasks/new?contact=${contact.id}`} className={buttonClasses("secondary")}>
              Add a task
            </Link>
          ) : null}
          {tasksOn && hasPermission(ctx, "tasks.read") ? (
            <Link
              href={`/tasks?status=all&contact=${contact.id}`}
              className={buttonClasses("ghost")}
            >
              Tasks
            </Link>
          ) : null}
          {hasPermission(ctx, "contacts.merge") ? (
            <Link href={`/contacts/${contact.id}/merge`} className={buttonClasses("secondary")}>
              Merge with another contact
            </Link>
          ) : null}
        </div>
      </header>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card className="self-start">
          <CardHeader title="Profile" />
          {hasPermission(ctx, "contacts.write") ? (
            <ProfileEditor
              contactId={contact.id}
              leadFields={leadFields}
              timezone={timezone}
              initial={{
                name: contact.name,
                phones: phones.map((p) => formatPhone(p, country)),
                emails,
                language: contact.language,
                tags: contact.tags,
                leadStatus: contact.leadStatus,
                leadFields: contact.leadFields,
                preferences: contact.preferences,
                consent: contact.consent,
              }}
            >
              {card}
            </ProfileEditor>
          ) : (
            card
          )}
        </Card>
        <div className="min-w-0 space-y-6">
          <Suspense fallback={<div className="h-24 animate-pulse rounded-xl bg-zinc-100" />}>
            <MemoryPanel ctx={ctx} contactId={contact.id} />
          </Suspense>
          <Card>
            <CardHeader title="Timeline" description={`Newest first. Times in ${timezone}.`} />
            <QueryProvider>
              <HydrationBoundary state={dehydrate(queryClient)}>
                <ContactTimeline
                  contactId={contact.id}
                  contactName={contact.name ?? "Contact"}
                  timezone={timezone}
                  canAddNote={hasPermission(ctx, "contacts.notes")}
                />
              </HydrationBoundary>
            </QueryProvider>
          </Card>
        </div>
      </div>
    </>
  );
}
