import Link from "next/link";
import { parsePhoneNumber } from "libphonenumber-js";
import { Badge } from "@/components/ui/card";
import { formatDateTime, timeAgo } from "@/components/ui/format";
import { TableHead } from "@/components/ui/table-head";
import type { ContactListRow } from "@/lib/contacts/queries";
import { CHANNEL_LABELS, LEAD_STATUS_LABELS, LEAD_STATUS_TONES } from "./labels";

/** +33612345678 → "+33 6 12 34 56 78"; a stored value libphonenumber cannot read shows as is. */
function formatInternational(e164: string): string {
  try {
    return parsePhoneNumber(e164).formatInternational();
  } catch {
    return e164;
  }
}

const channelLabel = (channel: string) =>
  CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS] ?? channel;

/** What a row is called: its name, else its number or address (links must differ for screen readers). */
function displayName(row: ContactListRow): { text: string; named: boolean } {
  if (row.name) return { text: row.name, named: true };
  if (row.phoneE164) return { text: formatInternational(row.phoneE164), named: false };
  return { text: row.email ?? "Unknown caller", named: false };
}

// Below `md` (phones) the list is a column of cards: a seven-column table scrolled sideways at
// 390 px. From `md` it is the table, Email and Channels joining it from `lg`.
const WIDE = "hidden lg:table-cell";

export function ContactsTable({ rows, caption }: { rows: ContactListRow[]; caption: string }) {
  return (
    <>
      <ContactCards rows={rows} caption={caption} />
      {/* Focusable so keyboard users can scroll the table sideways if it ever overflows. */}
      <div
        className="hidden overflow-x-auto md:block"
        role="region"
        aria-label="Contacts"
        tabIndex={0}
      >
        <ContactRows rows={rows} caption={caption} />
      </div>
    </>
  );
}

function LastContacted({ row }: { row: ContactListRow }) {
  return row.lastInteractionAt ? (
    <time
      dateTime={row.lastInteractionAt.toISOString()}
      title={formatDateTime(row.lastInteractionAt)}
    >
      {timeAgo(row.lastInteractionAt)}
    </time>
  ) : (
    "Never"
  );
}

/** Phones: one card per contact, name first, then how to reach them and where the lead stands. */
function ContactCards({ rows, caption }: { rows: ContactListRow[]; caption: string }) {
  return (
    <ul className="divide-y divide-zinc-100 md:hidden" aria-label={caption}>
      {rows.map((row) => {
        const name = displayName(row);
        return (
          <li key={row.id} className="px-4 py-3" data-testid="contact-card">
            <div className="flex items-start justify-between gap-3">
              <Link
                href={`/contacts/${row.id}`}
                className="min-w-0 font-medium break-words text-zinc-900 hover:underline focus-visible:underline"
              >
                {name.text}
              </Link>
              <Badge tone={LEAD_STATUS_TONES[row.leadStatus]}>
                {LEAD_STATUS_LABELS[row.leadStatus]}
              </Badge>
            </div>
            <p className="mt-1 text-sm break-words text-zinc-600">
              {[name.named && row.phoneE164 ? formatInternational(row.phoneE164) : null, row.email]
                .filter(Boolean)
                .join(" · ") || (row.phoneE164 ? "Unknown caller" : "No name")}
            </p>
            <p className="mt-1 text-xs text-zinc-500">
              Last contacted <LastContacted row={row} />
              {row.channels.length > 0 ? ` · ${row.channels.map(channelLabel).join(", ")}` : ""}
            </p>
            {row.tags.length > 0 ? (
              <ul className="mt-2 flex flex-wrap gap-1" aria-label="Tags">
                {row.tags.map((tag) => (
                  <li key={tag}>
                    <Badge>{tag}</Badge>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function ContactRows({ rows, caption }: { rows: ContactListRow[]; caption: string }) {
  return (
    <table className="w-full text-left text-sm">
      <TableHead
        caption={caption}
        columns={[
          "Name",
          "Phone",
          { label: "Email", className: WIDE },
          "Tags",
          "Lead status",
          "Last contacted",
          { label: "Channels", className: WIDE },
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {rows.map((row) => {
          const name = displayName(row);
          return (
            <tr key={row.id} className="hover:bg-zinc-50" data-testid="contact-row">
              <td className="px-5 py-3">
                <Link
                  href={`/contacts/${row.id}`}
                  className="font-medium text-zinc-900 hover:underline focus-visible:underline"
                >
                  {name.text}
                </Link>
                {name.named ? null : (
                  <span className="block text-xs text-zinc-500">
                    {row.phoneE164 ? "Unknown caller" : "No name"}
                  </span>
                )}
              </td>
              <td className="px-5 py-3 whitespace-nowrap text-zinc-700">
                {row.phoneE164 ? formatInternational(row.phoneE164) : <Missing />}
              </td>
              <td className={`max-w-48 truncate px-5 py-3 text-zinc-700 ${WIDE}`}>
                {row.email ?? <Missing />}
              </td>
              <td className="px-5 py-3">
                {row.tags.length > 0 ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Tags">
                    {row.tags.map((tag) => (
                      <li key={tag}>
                        <Badge>{tag}</Badge>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Missing />
                )}
              </td>
              <td className="px-5 py-3">
                <Badge tone={LEAD_STATUS_TONES[row.leadStatus]}>
                  {LEAD_STATUS_LABELS[row.leadStatus]}
                </Badge>
              </td>
              <td className="px-5 py-3 whitespace-nowrap text-zinc-600">
                <LastContacted row={row} />
              </td>
              <td className={`px-5 py-3 whitespace-nowrap text-zinc-600 ${WIDE}`}>
                {row.channels.length > 0 ? row.channels.map(channelLabel).join(", ") : <Missing />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Missing() {
  return (
    <span className="text-zinc-400">
      <span aria-hidden="true">—</span>
      <span className="sr-only">None</span>
    </span>
  );
}
