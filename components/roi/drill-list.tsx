import type { CountryCode } from "libphonenumber-js";
import { formatPhone } from "@/components/contacts/phone-format";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { TextLink } from "@/components/ui/text-link";
import type { DrillPage, DrillRow } from "@/lib/roi/queries";
import { drillHref } from "./drill";

// The conversations behind a figure: who, when, how long, what it cost and what it counted for.
// Each leads to the caller's page (their timeline holds the conversation and its transcript).

const OUTCOME: Record<DrillRow["outcome"], { label: string; tone: "green" | "amber" | "zinc" }> = {
  resolved: { label: "Resolved", tone: "green" },
  escalated: { label: "Handed over", tone: "amber" },
  other: { label: "Followed up or open", tone: "zinc" },
};

function when(at: Date, timezone: string) {
  return at.toLocaleString("en-GB", {
    timeZone: timezone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

const minutes = (s: number | null) =>
  s === null ? "—" : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, "0")}`;

function Who({ row, country }: { row: DrillRow; country: string }) {
  const label =
    row.contact?.name ??
    (row.contact?.phone ? formatPhone(row.contact.phone, country as CountryCode) : null);
  if (!row.contactId) return <span className="text-zinc-500">Unknown caller</span>;
  return (
    <TextLink href={`/contacts/${row.contactId}`} weight="normal">
      {label ?? "Unnamed contact"}
    </TextLink>
  );
}

function Tags({ row }: { row: DrillRow }) {
  return (
    <span className="flex flex-wrap gap-1">
      <Badge tone={OUTCOME[row.outcome].tone}>{OUTCOME[row.outcome].label}</Badge>
      {row.afterHours ? <Badge tone="brand">While closed</Badge> : null}
      {row.qualified ? <Badge>Qualified lead</Badge> : null}
      {row.booking ? <Badge>Booking or order</Badge> : null}
    </span>
  );
}

export function DrillList({ page }: { page: DrillPage }) {
  if (page.rows.length === 0) {
    return (
      <Card>
        <EmptyState title="No conversations here.">
          {page.total > 0
            ? "The figures were computed before the latest conversations changed; they catch up within a minute."
            : "Nothing in this period counts for this figure."}
        </EmptyState>
      </Card>
    );
  }
  const channel = (r: DrillRow) =>
    r.channel === "voice" ? "Call" : r.channel === "sms" ? "SMS" : "Chat";
  return (
    <Card>
      <ul className="divide-y divide-zinc-100 sm:hidden" data-testid="drill-rows-narrow">
        {page.rows.map((row) => (
          <li key={row.id} className="space-y-1 px-4 py-3 text-sm">
            <div className="flex items-baseline justify-between gap-2">
              <Who row={row} country={page.country} />
              <span className="shrink-0 text-xs text-zinc-500">
                {when(row.startedAt, page.timezone)}
              </span>
            </div>
            <p className="text-xs text-zinc-500">
              {channel(row)} · {minutes(row.durationSeconds)} · ${row.cost.toFixed(4)}
            </p>
            <Tags row={row} />
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto sm:block">
        <table className="w-full text-left text-sm" data-testid="drill-rows">
          <TableHead
            caption="The conversations behind the figure"
            columns={["Caller", "Started", "Channel", "Length", "Cost", "Counted as"]}
          />
          <tbody className="divide-y divide-zinc-100">
            {page.rows.map((row) => (
              <tr key={row.id}>
                <td className="px-5 py-3 whitespace-nowrap">
                  <Who row={row} country={page.country} />
                </td>
                <td className="px-5 py-3 whitespace-nowrap text-zinc-600">
                  {when(row.startedAt, page.timezone)}
                </td>
                <td className="px-5 py-3 text-zinc-600">{channel(row)}</td>
                <td className="px-5 py-3 tabular-nums text-zinc-600">
                  {minutes(row.durationSeconds)}
                </td>
                <td className="px-5 py-3 tabular-nums text-zinc-600">${row.cost.toFixed(4)}</td>
                <td className="px-5 py-3">
                  <Tags row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor ? (
        <p className="border-t border-zinc-100 px-5 py-3 text-sm">
          <TextLink
            href={`${drillHref(page.range, page.outcome)}&cursor=${encodeURIComponent(page.nextCursor)}`}
          >
            Older conversations
          </TextLink>
        </p>
      ) : null}
    </Card>
  );
}
