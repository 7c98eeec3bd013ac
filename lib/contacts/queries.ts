import "server-only";
// Reads of contacts that record nothing: the list the dashboard pages show and the helpers that
// run inside another verb's transaction (…In). A read that writes an audit entry (who read whose
// data) is named …Recorded and is never in a queries.ts (lib/contacts/recorded-reads.test.ts).
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { contacts, orgs, type Contact } from "@/db/schema";
import { requirePermission } from "@/lib/auth/permissions";
import type { TenantContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { ContactFilter } from "./filters";
import { toE164 } from "./phone";

export type ContactListRow = Pick<
  Contact,
  | "id"
  | "name"
  | "phoneE164"
  | "email"
  | "tags"
  | "leadStatus"
  | "leadFields"
  | "lastInteractionAt"
  | "channels"
  | "createdAt"
>;

const LIST_COLUMNS = {
  id: contacts.id,
  name: contacts.name,
  phoneE164: contacts.phoneE164,
  email: contacts.email,
  tags: contacts.tags,
  leadStatus: contacts.leadStatus,
  leadFields: contacts.leadFields,
  lastInteractionAt: contacts.lastInteractionAt,
  channels: contacts.channels,
  createdAt: contacts.createdAt,
};

/** The org's country: how a number typed without its country code is read. */
export async function orgCountry(tx: TenantTx): Promise<CountryCode> {
  const { orgId } = tx;
  const [org] = await tx.select({ country: orgs.country }).from(orgs).where(eq(orgs.id, orgId));
  return (org?.country ?? "US") as CountryCode;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** At least this many digits make a query a phone number (or part of one): "2671" is. */
export const MIN_PHONE_DIGITS = 4;

/** The digits of a query written like a phone number (or its end), or null. */
export function phoneDigitsRun(q: string): string | null {
  if (!/^[+\d\s().-]+$/.test(q)) return null;
  // Zeros stay: "00 00 07" is how +33600000007 ends. A whole number in national writing (its
  // trunk 0) is read by toE164 before this run is used.
  const run = q.replace(/\D/g, "");
  return run.length >= MIN_PHONE_DIGITS ? run : null;
}

/**
 * What a search box query matches: a phone number in any usual writing (06 12 34 56 78,
 * +33612345678, (415) 555-2671) or its last digits ("555-2671", "2671": the end of a number is
 * what people remember) through the contact's identities, served by a B-tree over reversed numbers;
 * otherwise any part of the name, accents ignored ("chloe" finds Chloé, through the stored
 * search_name of migration 0009), or of the email.
 */
export function searchCondition(tx: TenantTx, q: string, country: CountryCode): SQL {
  const { orgId } = tx;
  const run = phoneDigitsRun(q);
  const e164 = run ? toE164(q, country) : null;
  if (e164) {
    return sql`${contacts.id} in (select contact_id from contact_identities
      where org_id = ${orgId} and kind = 'phone' and value = ${e164})`;
  }
  if (run) {
    // The number ends with these digits: its reverse starts with theirs. A range over the stored
    // reversed_value, served by contact_identities_org_phone_suffix_idx under row-level security
    // (see db/schema/contacts.ts). `= any(array(…))` runs the lookup once, first: the planner
    // cannot estimate the range and would otherwise walk the whole list probing each contact.
    const from = [...run].reverse().join("");
    const to = from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1);
    return sql`${contacts.id} = any(array(select contact_id from contact_identities
      where org_id = ${orgId} and kind = 'phone'
        and reversed_value ~>=~ ${from} and reversed_value ~<~ ${to}))`;
  }
  const pattern = likePattern(q);
  // contacts.search_name is luneo_search_text(name), stored (migration 0009).
  const parts = sql`${contacts}.search_name like luneo_search_text(${pattern}) or lower(${contacts.email}) like ${pattern}`;
  // A whole address also finds the contacts it is a second address of (identities, exact).
  if (!q.includes("@")) return sql`(${parts})`;
  return sql`(${parts} or ${contacts.id} in (select contact_id from contact_identities
    where org_id = ${orgId} and kind = 'email' and value = ${q.trim().toLowerCase()}))`;
}

const PERIOD_DAYS = { "7d": 7, "30d": 30, "90d": 90 } as const;

/**
 * Every condition of a filter (search included), always within the transaction's org and never
 * merged-away rows.
 */
export function filterConditions(tx: TenantTx, filter: ContactFilter, country: CountryCode): SQL[] {
  const { orgId } = tx;
  const where: SQL[] = [eq(contacts.orgId, orgId), isNull(contacts.mergedIntoId)];
  // Known only from Luneo's test events (the Channels page's sample caller): not a customer.
  where.push(eq(contacts.testOnly, false));
  if (filter.q) where.push(searchCondition(tx, filter.q, country));
  if (filter.tags?.length) {
    where.push(
      sql`${contacts.tags} @> ${sql`array[${sql.join(
        filter.tags.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}`,
    );
  }
  if (filter.leadStatus?.length) {
    where.push(
      sql`${contacts.leadStatus} in (${sql.join(
        filter.leadStatus.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  }
  for (const [key, value] of Object.entries(filter.leadFields ?? {})) {
    // Answers are kept as typed (text or number): match either spelling, both served by the GIN index.
    const asText = JSON.stringify({ [key]: value });
    const number = Number(value);
    where.push(
      Number.isFinite(number) && value.trim() !== ""
        ? sql`(${contacts.leadFields} @> ${asText}::jsonb or ${contacts.leadFields} @> ${JSON.stringify({ [key]: number })}::jsonb)`
        : sql`${contacts.leadFields} @> ${asText}::jsonb`,
    );
  }
  if (filter.lastContacted === "never") where.push(sql`${contacts.lastInteractionAt} is null`);
  else if (filter.lastContacted === "over-90d") {
    where.push(sql`${contacts.lastInteractionAt} < now() - interval '90 days'`);
  } else if (filter.lastContacted) {
    const days = PERIOD_DAYS[filter.lastContacted];
    where.push(sql`${contacts.lastInteractionAt} >= now() - make_interval(days => ${days})`);
  }
  if (filter.channel) where.push(sql`${contacts.channels} @> array[${filter.channel}]::text[]`);
  return where;
}

// Keyset pagination over the three sorts. The cursor is the sort value and id of the last row.
type SortSpec = {
  column: SQL;
  direction: "asc" | "desc";
  value: (row: ContactListRow) => string | null;
};
const SORT_SPECS: Record<ContactFilter["sort"], SortSpec> = {
  recent: {
    column: sql`${contacts.lastInteractionAt}`,
    direction: "desc",
    value: (r) => r.lastInteractionAt?.toISOString() ?? null,
  },
  name: {
    column: sql`lower(${contacts.name})`,
    direction: "asc",
    value: (r) => r.name?.toLowerCase() ?? null,
  },
  created: {
    column: sql`${contacts.createdAt}`,
    direction: "desc",
    value: (r) => r.createdAt.toISOString(),
  },
};

/** The sort it was made for, the last row's sort value and its id. */
type ListCursor = { s: ContactFilter["sort"]; v: string | null; id: string };

export function encodeListCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/**
 * The cursor, or null when it is malformed or was made for another sort (its value would be
 * compared with the wrong column). The list page then starts from page one; the API refuses it.
 */
export function decodeListCursor(
  raw: string | null | undefined,
  sort: ContactFilter["sort"],
): ListCursor | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<ListCursor>;
    const fits =
      value.s === sort &&
      typeof value.id === "string" &&
      UUID.test(value.id) &&
      (value.v === null ||
        (typeof value.v === "string" && (sort === "name" || !Number.isNaN(Date.parse(value.v)))));
    return fits ? { s: sort, v: value.v ?? null, id: value.id! } : null;
  } catch {
    return null;
  }
}

function afterCursor(spec: SortSpec, cursor: ListCursor): SQL {
  const { column } = spec;
  // Nulls sort last in both directions; ties are broken by id ascending.
  if (cursor.v === null) return sql`(${column} is null and ${contacts.id} > ${cursor.id})`;
  const value = spec === SORT_SPECS.name ? sql`${cursor.v}` : sql`${cursor.v}::timestamptz`;
  const beyond = spec.direction === "desc" ? sql`${column} < ${value}` : sql`${column} > ${value}`;
  return sql`(${beyond} or (${column} = ${value} and ${contacts.id} > ${cursor.id}) or ${column} is null)`;
}

export type ContactPage = { rows: ContactListRow[]; nextCursor: string | null };

export async function listContactsIn(
  tx: TenantTx,
  ctx: TenantContext,
  filter: ContactFilter,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<ContactPage> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const spec = SORT_SPECS[filter.sort];
  const where = filterConditions(tx, filter, await orgCountry(tx));
  const cursor = decodeListCursor(page.cursor, filter.sort);
  if (cursor) where.push(afterCursor(spec, cursor));
  const rows = await tx
    .select(LIST_COLUMNS)
    .from(contacts)
    .where(and(...where))
    .orderBy(
      spec.direction === "desc"
        ? sql`${spec.column} desc nulls last`
        : sql`${spec.column} asc nulls last`,
      contacts.id,
    )
    .limit(limit + 1);
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return {
    rows: shown,
    nextCursor:
      more && last ? encodeListCursor({ s: filter.sort, v: spec.value(last), id: last.id }) : null,
  };
}

/** One page of the org's contacts matching `filter`, newest interaction first by default. */
export async function listContacts(
  ctx: TenantContext,
  filter: ContactFilter,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<ContactPage> {
  requirePermission(ctx, "contacts.read");
  return withTenant(ctx, (tx) => listContactsIn(tx, ctx, filter, page));
}

/**
 * One contact of the org, or NOT_FOUND (another org's contact is missing, not forbidden). A contact
 * merged into another comes back with `mergedIntoId` so pages can send the reader on.
 */
export async function getContactIn(tx: TenantTx, ctx: TenantContext, id: string): Promise<Contact> {
  // A malformed id is simply not found (it must not reach PostgreSQL's uuid cast as a 500).
  if (!UUID.test(id)) throw new NotFoundError("This contact");
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, ctx.org.id), eq(contacts.id, id)));
  if (!row) throw new NotFoundError("This contact");
  return row;
}

/**
 * A contact that writes may change: merged-away contacts are hidden and kept only to undo the
 * merge, so editing them (a phone, a fact, a note) is refused, pointing at the survivor.
 */
export async function getLiveContactIn(
  tx: TenantTx,
  ctx: TenantContext,
  id: string,
): Promise<Contact> {
  const contact = await getContactIn(tx, ctx, id);
  if (contact.mergedIntoId) {
    throw new ConflictError("This contact was merged into another one: make the change there.");
  }
  return contact;
}
