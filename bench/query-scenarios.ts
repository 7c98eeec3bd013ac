import type { TenantContext } from "@/lib/context";
import { countContacts } from "@/lib/contacts/list/count";
import { contactFilterSchema, type ContactFilter } from "@/lib/contacts/filters";
import { listContacts } from "@/lib/contacts/queries";
import { getContactRecorded } from "@/lib/contacts/recorded-reads";
import { getTimelinePageRecorded } from "@/lib/contacts/timeline/recorded-reads";
import { countGaps, getGap, listGaps, outcomeTotals } from "@/lib/learning/queries";
import { getContactMemory } from "@/lib/memory/queries";
import { largePhone } from "@/lib/seed/vocabulary";

export type Scenario = { name: string; run: () => Promise<unknown> };

/** The reads of the contacts pages, as a person would trigger them, on the large tenant. */
export async function scenarios(ctx: TenantContext): Promise<Scenario[]> {
  const list = (name: string, filter: Partial<ContactFilter>): Scenario => ({
    name,
    run: () => listContacts(ctx, contactFilterSchema.parse(filter)),
  });
  const firstPage = await listContacts(ctx, contactFilterSchema.parse({}));
  const someone = firstPage.rows[0]!;
  // Every other generated contact has memory (lib/seed/large-tenant.ts): take one that does.
  const remembered = (await listContacts(ctx, contactFilterSchema.parse({ q: largePhone(4242) })))
    .rows[0]!;
  return [
    list("contacts: first page (recent)", {}),
    {
      name: "contacts: second page (cursor)",
      run: () => listContacts(ctx, contactFilterSchema.parse({}), { cursor: firstPage.nextCursor }),
    },
    list("contacts: sort by name", { sort: "name" }),
    list("contacts: sort by created", { sort: "created" }),
    list("search: name part (camil)", { q: "camil" }),
    list("search: phone as 06 00 04 21 37", { q: "06 00 04 21 37" }),
    list(`search: phone as ${largePhone(77777)}`, { q: largePhone(77777) }),
    list("search: email part (person4242)", { q: "person4242" }),
    list("search: name without accent (chloe)", { q: "chloe" }),
    list("search: last digits of a number (77 77 7)", { q: "77 77 7" }),
    {
      name: "count: all contacts (estimate past 10,000)",
      run: () => countContacts(ctx, contactFilterSchema.parse({})),
    },
    {
      name: "count: tags buyer + vip",
      run: () => countContacts(ctx, contactFilterSchema.parse({ tags: ["buyer", "vip"] })),
    },
    list("filter: tags buyer + vip", { tags: ["buyer", "vip"] }),
    list("filter: lead status qualified", { leadStatus: ["qualified"] }),
    list("filter: lead field budget = 350000", { leadFields: { budget: "350000" } }),
    list("filter: lead field area = Harbour", { leadFields: { area: "Harbour" } }),
    list("filter: last contacted 7 days", { lastContacted: "7d" }),
    list("filter: never contacted", { lastContacted: "never" }),
    list("filter: channel sms", { channel: "sms" }),
    list("filter: qualified + Harbour + 30 days", {
      leadStatus: ["qualified"],
      leadFields: { area: "Harbour" },
      lastContacted: "30d",
    }),
    {
      // What the contact page loads: the profile (its PII read audited) and the first timeline page.
      name: "contact page: profile + first timeline page",
      run: () =>
        Promise.all([
          getContactRecorded(ctx, someone.id),
          getTimelinePageRecorded(ctx, someone.id),
        ]),
    },
    {
      name: "memory: a contact's memory and facts",
      run: () => getContactMemory(ctx, remembered.id),
    },
    ...(await learningScenarios(ctx)),
  ];
}

/** The reads of /learning and a gap's page on the 200,000 signals of seed:large (target p95 < 100 ms). */
export async function learningScenarios(ctx: TenantContext): Promise<Scenario[]> {
  const top = (await listGaps(ctx, { status: "open" }))[0];
  if (!top) return [];
  return [
    { name: "learning: gaps list (open, by impact)", run: () => listGaps(ctx, { status: "open" }) },
    {
      name: "learning: list page (counts + outcomes + list)",
      run: () =>
        Promise.all([countGaps(ctx), outcomeTotals(ctx), listGaps(ctx, { status: "open" })]),
    },
    { name: "learning: gap page (top gap)", run: () => getGap(ctx, top.id) },
  ];
}
