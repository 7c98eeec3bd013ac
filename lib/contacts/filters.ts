import { z } from "zod";
import { LEAD_STATUSES } from "@/db/schema/contacts";
import { isStorable } from "@/lib/text/control-chars";
import { splitTags, tagSchema } from "./tags";

// The contacts list's filter: one schema for the page (URL search params), saved segments, the CSV
// export and GET /api/v1/contacts, so each reads the same way.

const csvList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(20),
  );

export const LAST_CONTACTED = ["7d", "30d", "90d", "over-90d", "never"] as const;
export const CHANNELS = ["voice", "sms", "webchat"] as const;
export const SORTS = ["recent", "name", "created"] as const;

export const contactFilterSchema = z.object({
  /** Name, email, or a phone number written any usual way. */
  // The list page reads its URL with safeParse, not parseInput: a NUL must fail here, not in SQL.
  q: z
    .string()
    .trim()
    .max(200, "Search with at most 200 characters.")
    .refine(isStorable, "Search without invisible control characters.")
    .optional(),
  /** Contacts carrying every one of these tags. */
  tags: z
    .preprocess(
      (v) => (typeof v === "string" ? splitTags(v) : v),
      z
        .array(tagSchema.refine(isStorable, "Tags cannot hold invisible control characters."))
        .max(20),
    )
    .optional(),
  leadStatus: csvList(z.enum(LEAD_STATUSES, { error: "Unknown lead status." })).optional(),
  /** Qualification answers, exact match: { budget: "500000", area: "Harbour" }. */
  leadFields: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
      z.string().trim().min(1).max(200).refine(isStorable),
    )
    .optional(),
  lastContacted: z.enum(LAST_CONTACTED, { error: "Unknown period." }).optional(),
  channel: z.enum(CHANNELS, { error: "Unknown channel." }).optional(),
  sort: z.enum(SORTS, { error: "Unknown sort." }).default("recent"),
});
export type ContactFilter = z.infer<typeof contactFilterSchema>;

/**
 * A filter from URL search params: `q`, `tags=a,b`, `leadStatus=new,qualified`, `lf.budget=500000`,
 * `lastContacted=30d`, `channel=sms`, `sort=name`.
 */
export function filterInputFromSearchParams(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Record<string, unknown> {
  const entries =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).flatMap(([k, v]) =>
          v === undefined
            ? []
            : Array.isArray(v)
              ? v.map((x) => [k, x] as const)
              : [[k, v] as const],
        );
  const out: Record<string, unknown> = {};
  const leadFields: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value === "") continue;
    if (key.startsWith("lf.")) leadFields[key.slice(3)] = value;
    else if (["q", "tags", "leadStatus", "lastContacted", "channel", "sort"].includes(key))
      out[key] = value;
  }
  if (Object.keys(leadFields).length > 0) out.leadFields = leadFields;
  return out;
}

/** The inverse, for links (pagination, saved segments). Empty values are left out. */
export function filterToSearchParams(filter: Partial<ContactFilter>): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  // Compact in a URL; `splitTags` reads this and the ", " form alike.
  if (filter.tags?.length) params.set("tags", filter.tags.join(","));
  if (filter.leadStatus?.length) params.set("leadStatus", filter.leadStatus.join(","));
  for (const [k, v] of Object.entries(filter.leadFields ?? {})) params.set(`lf.${k}`, v);
  if (filter.lastContacted) params.set("lastContacted", filter.lastContacted);
  if (filter.channel) params.set("channel", filter.channel);
  if (filter.sort && filter.sort !== "recent") params.set("sort", filter.sort);
  return params;
}
