import type { Metadata } from "next";
import Link from "next/link";
import { TextLink } from "@/components/ui/text-link";
import { describeAuditEntry, fromToLabel } from "@/components/audit/describe";
import { buttonClasses } from "@/components/ui/button";
import { Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { formatDateTime } from "@/components/ui/format";
import { NotAllowed } from "@/components/ui/not-allowed";
import { TableHead } from "@/components/ui/table-head";
import {
  AUDIT_AREAS,
  auditFilterInput,
  auditFilterSchema,
  type AuditFilter,
} from "@/lib/audit/filters";
import { listAuditLog, type AuditRow } from "@/lib/audit/queries";
import { hasPermission } from "@/lib/auth/permissions";
import { requireSessionContext } from "@/lib/auth/session";
import { contactLabel } from "@/lib/contacts/merge/plan";
import { listMembers } from "@/lib/tenancy/members";

export const metadata: Metadata = { title: "Audit log" };

// Below `sm` the When and Who columns fold into the What cell (a 390 px screen left "What" a few
// characters wide beside them).
const NARROW_HIDDEN_WHEN = { label: "When", className: "hidden sm:table-cell" };
const NARROW_HIDDEN_WHO = { label: "Who", className: "hidden sm:table-cell" };

type Search = Record<string, string | string[] | undefined>;

function About({ row }: { row: AuditRow }) {
  if (!row.contact) return null;
  return (
    <>
      {" · "}
      <TextLink href={`/contacts/${row.contact.id}`}>{contactLabel(row.contact)}</TextLink>
    </>
  );
}

const query = (filter: AuditFilter, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
    ...extra,
  }).toString();

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requireSessionContext();
  if (!hasPermission(ctx, "audit.read")) {
    return <NotAllowed title="Audit log" reason="Only owners and admins can read the audit log" />;
  }
  const search = await searchParams;
  const cursor = typeof search.cursor === "string" ? search.cursor : null;
  const parsed = auditFilterSchema.safeParse(auditFilterInput(search));
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const errors = parsed.success ? {} : parsed.error.flatten().fieldErrors;
  const [{ rows, nextCursor, timezone }, members] = await Promise.all([
    listAuditLog(ctx, { cursor, filter }),
    listMembers(ctx),
  ]);
  const memberNames = new Map(members.map((m) => [m.userId, m.name]));
  const filtered = Object.values(filter).some(Boolean);
  const typed = auditFilterInput(search);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change to settings, members, keys and contacts, and every read of personal data: who, what and when. Times are in ${timezone}.`}
      />
      <Card className="mb-4">
        <form method="get" className="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <SelectField
            label="Who"
            name="actor"
            defaultValue={typed.actor ?? ""}
            errors={errors.actor}
          >
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="What"
            name="area"
            defaultValue={typed.area ?? ""}
            errors={errors.area}
          >
            <option value="">Everything</option>
            {Object.entries(AUDIT_AREAS).map(([key, area]) => (
              <option key={key} value={key}>
                {area.label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="From"
            name="from"
            type="date"
            defaultValue={typed.from ?? ""}
            errors={errors.from}
          />
          <TextField
            label="To"
            name="to"
            type="date"
            defaultValue={typed.to ?? ""}
            errors={errors.to}
          />
          <div className="flex gap-2">
            <button type="submit" className={buttonClasses("primary")}>
              Filter
            </button>
            {filtered || !parsed.success ? (
              <Link href="/settings/audit-log" className={buttonClasses("ghost")}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>
      </Card>
      <Card>
        {rows.length === 0 ? (
          <EmptyState title={filtered ? "Nothing matches these filters" : "Nothing recorded yet"} />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <TableHead
                caption={`Audit log of ${ctx.org.name}, newest first`}
                columns={[NARROW_HIDDEN_WHEN, NARROW_HIDDEN_WHO, "What"]}
              />
              <tbody className="divide-y divide-zinc-100">
                {rows.map((row) => {
                  const { actor, text } = describeAuditEntry(row);
                  const when = formatDateTime(row.createdAt, timezone);
                  const change = fromToLabel(row, memberNames);
                  return (
                    <tr key={row.id} data-testid="audit-row">
                      <td className="hidden px-5 py-3 whitespace-nowrap text-zinc-500 sm:table-cell">
                        {when}
                      </td>
                      <td className="hidden px-5 py-3 font-medium text-zinc-900 sm:table-cell">
                        {actor}
                      </td>
                      <td className="px-5 py-3 text-zinc-700">
                        {/* On a phone the three columns read as one entry: who, what, then when. */}
                        <span className="font-medium text-zinc-900 sm:hidden">{actor} </span>
                        {text}
                        <About row={row} />{" "}
                        {typeof row.metadata.role === "string" ? (
                          <Badge>{row.metadata.role}</Badge>
                        ) : null}
                        {change ? <Badge>{change}</Badge> : null}
                        <span className="mt-1 block text-xs text-zinc-500 sm:hidden">{when}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <div className="mt-4 flex justify-end gap-2">
        {cursor ? (
          <Link
            href={`/settings/audit-log?${query(filter)}`}
            className={buttonClasses("secondary")}
          >
            Newest
          </Link>
        ) : null}
        {nextCursor ? (
          <Link
            href={`/settings/audit-log?${query(filter, { cursor: nextCursor })}`}
            className={buttonClasses("secondary")}
          >
            Older entries
          </Link>
        ) : null}
      </div>
    </>
  );
}
