import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ContactFilters, type LeadFieldOption } from "@/components/contacts/contact-filters";
import { ContactsTable } from "@/components/contacts/contacts-table";
import { SORT_LABELS } from "@/components/contacts/labels";
import { SaveSegmentForm } from "@/components/contacts/save-segment-form";
import { SegmentPicker, segmentHref } from "@/components/contacts/segment-picker";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { NotAllowed } from "@/components/ui/not-allowed";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import {
  contactFilterSchema,
  filterInputFromSearchParams,
  filterToSearchParams,
  type ContactFilter,
} from "@/lib/contacts/filters";
import { contactCountLabel, countContacts } from "@/lib/contacts/list/count";
import { listContacts } from "@/lib/contacts/queries";
import { filterHasConditions, getSegment, listSegments } from "@/lib/contacts/segments/service";
import type { TenantContext } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { orgFlags } from "@/lib/flags/pages";
import { FLAGS } from "@/lib/flags/registry";
import { ordered } from "@/lib/verticals/content";
import { getOrgVerticalConfig } from "@/lib/verticals/queries";

export const metadata: Metadata = { title: "Contacts" };

type Search = Record<string, string | string[] | undefined>;

const PAGE_SIZE = 50;

const FILTER_WORDS: Record<string, string> = {
  q: "search",
  tags: "tags",
  leadStatus: "lead status",
  leadFields: "lead answers",
  lastContacted: "last contacted",
  channel: "channel",
  sort: "sort",
};

/**
 * The filter in the URL. A parameter that does not read (an old or hand-edited link) is left out
 * and named rather than failing the page.
 */
function readFilter(search: Search): { filter: ContactFilter; ignored: string[] } {
  // Repeated parameters come from the form without JavaScript: one `leadStatus` per ticked box.
  const flat = Object.fromEntries(
    Object.entries(search).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]),
  );
  const input = filterInputFromSearchParams(flat);
  const parsed = contactFilterSchema.safeParse(input);
  if (parsed.success) return { filter: parsed.data, ignored: [] };
  const ignored = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))];
  for (const key of ignored) delete input[key];
  const rest = contactFilterSchema.safeParse(input);
  return { filter: rest.success ? rest.data : contactFilterSchema.parse({}), ignored };
}

/** `?segment=<id>` is a shortcut: it redirects to the segment's filter, or reports it missing. */
async function segmentRedirect(ctx: TenantContext, id: string): Promise<string | null> {
  try {
    const segment = await getSegment(ctx, id);
    return segment.filter ? segmentHref(segment) : null;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** The vertical's qualification fields (one per key), then keys in the URL the vertical lacks. */
async function leadFieldOptions(ctx: TenantContext, filter: ContactFilter) {
  const options: LeadFieldOption[] = [];
  if (hasPermission(ctx, "verticals.read")) {
    const { resolved } = await getOrgVerticalConfig(ctx);
    for (const { field } of ordered(resolved?.qualification ?? {})) {
      if (options.some((o) => o.key === field.key)) continue;
      options.push({
        key: field.key,
        label: field.label,
        options: field.type === "choice" ? field.options : undefined,
      });
    }
  }
  for (const key of Object.keys(filter.leadFields ?? {})) {
    if (!options.some((o) => o.key === key)) options.push({ key, label: key });
  }
  return options;
}

export default async function ContactsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "contacts.read")) {
    return <NotAllowed title="Contacts" reason="Your role cannot see contacts" />;
  }
  const search = await searchParams;
  const segmentId = typeof search.segment === "string" ? search.segment : null;
  const segmentTarget = segmentId ? await segmentRedirect(ctx, segmentId) : null;
  if (segmentTarget) redirect(segmentTarget);

  const { filter, ignored } = readFilter(search);
  const cursor = typeof search.cursor === "string" ? search.cursor : null;
  const [page, count, segments, leadFields] = await Promise.all([
    listContacts(ctx, filter, { cursor, limit: PAGE_SIZE }),
    countContacts(ctx, filter),
    listSegments(ctx),
    leadFieldOptions(ctx, filter),
  ]);
  const filtered = filterHasConditions(filter);
  // An empty filtered list needs one more look: "no match" and "no contacts at all" read differently.
  const orgIsEmpty =
    page.rows.length === 0 &&
    !cursor &&
    (!filtered ||
      (await listContacts(ctx, contactFilterSchema.parse({}), { limit: 1 })).rows.length === 0);

  const query = filterToSearchParams(filter).toString();
  const listHref = query ? `/contacts?${query}` : "/contacts";
  const nextHref = page.nextCursor
    ? `/contacts?${new URLSearchParams([...filterToSearchParams(filter), ["cursor", page.nextCursor]])}`
    : null;
  const flags = await orgFlags(ctx.org.id);
  const can = {
    import: hasPermission(ctx, "contacts.import") && flags[FLAGS.contactsImport.key].enabled,
    export: hasPermission(ctx, "contacts.export"),
    write: hasPermission(ctx, "contacts.write"),
    channels: hasPermission(ctx, "channels.read"),
  };

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader
          title="Contacts"
          description="Everyone your agent has spoken or written with, and everyone you imported."
        />
        <div className="flex gap-2">
          {can.import ? (
            <Link href="/contacts/import" className={buttonClasses("secondary")}>
              Import CSV
            </Link>
          ) : null}
          {can.export && !orgIsEmpty ? (
            // A download, not a page: a plain link so the browser saves the file.
            <a
              href={query ? `/contacts/export?${query}` : "/contacts/export"}
              className={buttonClasses("secondary")}
            >
              Export CSV
            </a>
          ) : null}
        </div>
      </div>

      {segmentId && !segmentTarget ? (
        <Notice>That segment no longer exists. It may have been deleted.</Notice>
      ) : null}
      {ignored.length > 0 ? (
        <Notice>
          Part of this link could not be read and was left out:{" "}
          {ignored.map((key) => FILTER_WORDS[key] ?? key).join(", ")}.
        </Notice>
      ) : null}

      <SegmentPicker segments={segments} currentQuery={query} canDelete={can.write} />
      <ContactFilters
        key={query}
        filter={filter}
        leadFields={leadFields}
        hasConditions={filtered}
      />
      {filtered && can.write ? (
        <Card className="mb-4 p-4">
          <SaveSegmentForm key={query} query={query} />
        </Card>
      ) : null}

      {!orgIsEmpty && count ? (
        <p className="mb-2 text-sm text-zinc-600" data-testid="contacts-count" aria-live="polite">
          {contactCountLabel(count)}
          {filtered ? (count.value === 1 ? " matches these filters" : " match these filters") : ""}
        </p>
      ) : null}
      <Card>
        {orgIsEmpty ? (
          <EmptyState title="No contacts yet">
            <p>
              Contacts appear here after the first call or message your agent answers, or when you
              import a CSV file.
            </p>
            <p className="mt-3 flex flex-wrap justify-center gap-2">
              {can.import ? (
                <Link href="/contacts/import" className={buttonClasses("primary")}>
                  Import contacts
                </Link>
              ) : null}
              {can.channels ? (
                <Link href="/settings/channels" className={buttonClasses("secondary")}>
                  Connect your phone line
                </Link>
              ) : null}
            </p>
            {!can.import && !can.channels ? (
              <p className="mt-1">An owner or admin can import contacts or connect the line.</p>
            ) : null}
          </EmptyState>
        ) : page.rows.length === 0 ? (
          cursor ? (
            <EmptyState title="No more contacts">
              <Link href={listHref} className="text-brand-700 underline">
                Back to first page
              </Link>
            </EmptyState>
          ) : (
            <EmptyState title="No contacts match these filters">
              <p>Try fewer filters, or another spelling of the name.</p>
              <Link href="/contacts" className={buttonClasses("secondary", "mt-3")}>
                Clear filters
              </Link>
            </EmptyState>
          )
        ) : (
          <ContactsTable
            rows={page.rows}
            caption={`Contacts, sorted by ${SORT_LABELS[filter.sort].toLowerCase()}`}
          />
        )}
      </Card>

      {cursor || nextHref ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-3">
          {cursor ? (
            <Link href={listHref} className={buttonClasses("ghost")}>
              Back to first page
            </Link>
          ) : (
            <span />
          )}
          {nextHref ? (
            <Link href={nextHref} className={buttonClasses("secondary")}>
              Next page
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {children}
    </p>
  );
}
