import { TEXT_LINK_CLASSES } from "@/components/ui/text-link";
import type { CountryCode } from "libphonenumber-js";
import type { ReactNode } from "react";
import type { Consent, Contact } from "@/db/schema/contacts";
import type { LeadField } from "@/lib/verticals/content";
import { formatPhone } from "./phone-format";
import { keyLabel, languageName } from "./reading-labels";

/** A lead field of the org's trade, as the profile shows and edits it. */
export type LeadFieldDef = Pick<LeadField, "key" | "label" | "type" | "options" | "unit">;

export const CONSENT_CHANNELS = [
  { key: "calls", label: "Calls" },
  { key: "sms", label: "Text messages" },
  { key: "email", label: "Email" },
] as const;

// Where consent was recorded (lib/contacts/profile/service.ts writes the actor type; ingestion and imports
// write their own words).
const CONSENT_SOURCES: Record<string, string> = {
  user: "the dashboard",
  api: "the API",
  import: "an import",
  call: "a call",
  sms: "a text message",
  webhook: "a call",
  system: "Luneo",
  admin: "an admin",
};

export function formatDay(value: string | Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(
    typeof value === "string" ? new Date(value) : value,
  );
}

/** "Given on 4 Mar 2025 via a call", from what is stored for one channel. */
export function describeConsent(
  entry: Consent[keyof Consent] | undefined,
  timeZone: string,
): string {
  if (!entry) return "Not recorded";
  const via = CONSENT_SOURCES[entry.source] ?? entry.source;
  return `${entry.granted ? "Given" : "Withdrawn"} on ${formatDay(entry.at, timeZone)} via ${via}`;
}

/** A lead field's value in words: numbers with their unit, dates as days. */
export function formatLeadValue(
  value: string | number | undefined,
  def: LeadFieldDef | undefined,
): string {
  if (value === undefined || value === "") return "—";
  if (def?.type === "number" && typeof value === "number") {
    return `${value.toLocaleString("en-GB")}${def.unit ? ` ${def.unit}` : ""}`;
  }
  if (def?.type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return formatDay(`${value}T12:00:00Z`, "UTC"); // a calendar day, not an instant
  }
  return String(value);
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-900">{children}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">{children}</dl>
    </div>
  );
}

/** The contact's profile, read-only: what every member sees. */
export function ProfileCard({
  contact,
  phones,
  emails,
  country,
  timezone,
  leadFields,
}: {
  contact: Contact;
  phones: string[];
  emails: string[];
  country: CountryCode;
  timezone: string;
  leadFields: LeadFieldDef[];
}) {
  const known = new Set(leadFields.map((f) => f.key));
  const extras = Object.entries(contact.leadFields).filter(([key]) => !known.has(key));
  const preferences = Object.entries(contact.preferences);
  return (
    <div className="space-y-6 p-5" data-testid="profile-card">
      <Section title="Reach">
        <Row label={phones.length > 1 ? "Phones" : "Phone"}>
          {phones.length === 0 ? (
            "—"
          ) : (
            <ul className="space-y-0.5">
              {phones.map((phone, i) => (
                <li key={phone}>
                  <a href={`tel:${phone}`} className={TEXT_LINK_CLASSES}>
                    {formatPhone(phone, country)}
                  </a>
                  {i === 0 && phones.length > 1 ? (
                    <span className="ml-1.5 text-xs text-zinc-500">primary</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label={emails.length > 1 ? "Emails" : "Email"}>
          {emails.length === 0 ? (
            "—"
          ) : (
            <ul className="space-y-0.5">
              {emails.map((email, i) => (
                <li key={email}>
                  <a href={`mailto:${email}`} className={TEXT_LINK_CLASSES}>
                    {email}
                  </a>
                  {i === 0 && emails.length > 1 ? (
                    <span className="ml-1.5 text-xs text-zinc-500">primary</span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label="Language">{contact.language ? languageName(contact.language) : "—"}</Row>
      </Section>

      {leadFields.length > 0 || extras.length > 0 ? (
        <Section title="Lead">
          {leadFields.map((def) => (
            <Row key={def.key} label={def.label}>
              {formatLeadValue(contact.leadFields[def.key], def)}
            </Row>
          ))}
          {extras.map(([key, value]) => (
            <Row key={key} label={keyLabel(key)}>
              {formatLeadValue(value, undefined)}
            </Row>
          ))}
        </Section>
      ) : null}

      {preferences.length > 0 ? (
        <Section title="Preferences">
          {preferences.map(([key, value]) => (
            <Row key={key} label={keyLabel(key)}>
              {value}
            </Row>
          ))}
        </Section>
      ) : null}

      <Section title="Consent">
        {CONSENT_CHANNELS.map(({ key, label }) => (
          <Row key={key} label={label}>
            {describeConsent(contact.consent[key], timezone)}
          </Row>
        ))}
      </Section>

      <Section title="History">
        <Row label="First seen">{formatDay(contact.createdAt, timezone)}</Row>
        <Row label="Last contact">
          {contact.lastInteractionAt ? formatDay(contact.lastInteractionAt, timezone) : "Never"}
        </Row>
      </Section>
    </div>
  );
}
