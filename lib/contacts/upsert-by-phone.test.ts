import { and, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { getWebhookSql } from "@/db";
import { contactIdentities, contacts } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withTenant } from "@/lib/db/scopes";
import { AppError } from "@/lib/errors";
import { upsertContact } from "@/lib/ingest/records";
import { upsertContactByPhone } from "@/lib/webhooks/contacts-sql";
import { webhookTransaction } from "@/lib/webhooks/inbox-store";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { mergeContacts } from "./merge/service";
import { createContactSchema } from "./profile/schemas";
import { createContact } from "./profile/service";
import type { PhoneContactTouch } from "./upsert-by-phone";

// The contact upsert by phone is one statement (upsert-by-phone.ts) sent by two clients: the
// ingest job through Drizzle, the webhook route through postgres.js. The same generated history
// (calls and texts from a few numbers, test events, contacts created by hand with names, numbers
// and addresses, merges) is played in two orgs, one client each; both must end with the same
// contacts and identities, and each step must have answered with the same contact.

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
});

type Touch = (ctx: TenantContext, touch: PhoneContactTouch) => Promise<string>;

const throughDrizzle: Touch = (ctx, t) =>
  withTenant(ctx, (tx) => upsertContact(tx, t.phoneE164, t.at, t.channel, t.test));
const throughPostgresJs: Touch = (_ctx, t) =>
  webhookTransaction(getWebhookSql(), t.orgId, (tx) => upsertContactByPhone(tx, t));

const NUMBERS = 4;
const number = fc.integer({ min: 0, max: NUMBERS - 1 });
type Step =
  | { kind: "touch"; n: number; channel: PhoneContactTouch["channel"]; test: boolean; min: number }
  | { kind: "create"; ns: number[]; email: number | null; name: string | null }
  | { kind: "merge"; survivor: number; merged: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("touch" as const),
    n: number,
    channel: fc.constantFrom("voice" as const, "sms" as const, "webchat" as const),
    test: fc.boolean(),
    min: fc.integer({ min: 0, max: 600 }),
  }),
  fc.record({
    kind: fc.constant("create" as const),
    ns: fc.uniqueArray(number, { minLength: 1, maxLength: 2 }),
    email: fc.option(fc.integer({ min: 0, max: 1 })),
    name: fc.constantFrom(null, "Ada Lovelace", "Zoé Müller"),
  }),
  fc.record({ kind: fc.constant("merge" as const), survivor: number, merged: number }),
);

let run = 0;
const BASE = Date.parse("2026-03-01T09:00:00Z");

/** Plays `steps` in one org with one client; returns each step's answer and the rows it left. */
async function play(owner: TestOwner, touch: Touch, steps: Step[], runId: number) {
  const phone = (n: number) => `+336${String(runId * NUMBERS + n).padStart(8, "0")}`;
  const ownerOf = async (n: number) =>
    withTenant(owner.ctx, async (tx) => {
      const [row] = await tx
        .select({ id: contactIdentities.contactId })
        .from(contactIdentities)
        .where(
          and(
            eq(contactIdentities.orgId, owner.orgId),
            eq(contactIdentities.kind, "phone"),
            eq(contactIdentities.value, phone(n)),
          ),
        );
      return row?.id ?? null;
    });
  const seen: string[] = [];
  const answers: unknown[] = [];
  const see = (id: string) => (seen.includes(id) ? id : (seen.push(id), id));
  for (const s of steps) {
    if (s.kind === "touch") {
      const at = new Date(BASE + s.min * 60_000);
      const id = await touch(owner.ctx, { orgId: owner.orgId, phoneE164: phone(s.n), at, ...s });
      answers.push(see(id));
    } else if (s.kind === "create") {
      const input = createContactSchema.parse({
        name: s.name,
        phones: s.ns.map(phone),
        emails: s.email === null ? [] : [`person-${runId}-${s.email}@example.com`],
      });
      answers.push(see((await createContact(owner.ctx, input)).id));
    } else {
      const [survivorId, mergedId] = [await ownerOf(s.survivor), await ownerOf(s.merged)];
      if (!survivorId || !mergedId || survivorId === mergedId) answers.push("skipped");
      else
        answers.push(
          await mergeContacts(owner.ctx, { survivorId, mergedId }).then(
            () => "merged",
            (error: unknown) => (error instanceof AppError ? error.code : Promise.reject(error)),
          ),
        );
    }
  }
  const rows = await withTenant(owner.ctx, async (tx) => {
    const found = seen.length
      ? await tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.orgId, owner.orgId), inArray(contacts.id, seen)))
      : [];
    const identities = seen.length
      ? await tx
          .select()
          .from(contactIdentities)
          .where(
            and(
              eq(contactIdentities.orgId, owner.orgId),
              inArray(contactIdentities.contactId, seen),
            ),
          )
      : [];
    return { found, identities };
  });
  // Ids differ between orgs: a contact is named by the order it was first seen in.
  const name = (id: string | null) => (id === null ? null : seen.indexOf(id));
  return {
    answers: answers.map((x) => (typeof x === "string" && seen.includes(x) ? name(x) : x)),
    contacts: rows.found
      .map((c) => ({
        contact: name(c.id),
        name: c.name,
        phoneE164: c.phoneE164,
        email: c.email,
        channels: c.channels,
        testOnly: c.testOnly,
        lastInteractionAt: c.lastInteractionAt?.toISOString() ?? null,
        mergedInto: name(c.mergedIntoId),
        identities: rows.identities
          .filter((i) => i.contactId === c.id)
          .map((i) => `${i.kind}:${i.value}`)
          .sort(),
      }))
      .sort((x, y) => x.contact! - y.contact!),
  };
}

describe("the contact upsert by phone, through Drizzle and through postgres.js", () => {
  it("gives the same contacts, identities and answers for the same history", async () => {
    const merged: Step[] = [
      { kind: "touch", n: 0, channel: "voice", test: true, min: 10 },
      { kind: "create", ns: [1, 2], email: 0, name: "Ada Lovelace" },
      { kind: "touch", n: 1, channel: "sms", test: false, min: 5 },
      { kind: "merge", survivor: 0, merged: 2 },
      { kind: "touch", n: 1, channel: "voice", test: true, min: 30 },
      { kind: "touch", n: 0, channel: "webchat", test: false, min: 20 },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const runId = run++;
        const [viaDrizzle, viaPostgresJs] = [
          await play(a, throughDrizzle, steps, runId),
          await play(b, throughPostgresJs, steps, runId),
        ];
        expect(viaPostgresJs).toEqual(viaDrizzle);
      }),
      { numRuns: 25, examples: [[merged]] },
    );
  });

  it("reaches the survivor through a merged number and makes a test-only contact real", async () => {
    const steps: Step[] = [
      { kind: "touch", n: 0, channel: "voice", test: true, min: 0 },
      { kind: "touch", n: 1, channel: "sms", test: false, min: 1 },
      { kind: "merge", survivor: 0, merged: 1 },
      { kind: "touch", n: 1, channel: "sms", test: false, min: 2 },
    ];
    const runId = run++;
    const viaPostgresJs = await play(b, throughPostgresJs, steps, runId);
    expect(viaPostgresJs.answers).toEqual([0, 1, "merged", 0]);
    expect(viaPostgresJs.contacts[0]).toMatchObject({
      channels: ["voice", "sms"],
      testOnly: false,
      lastInteractionAt: new Date(BASE + 2 * 60_000).toISOString(),
    });
    expect(viaPostgresJs.contacts[1]).toMatchObject({ mergedInto: 0, identities: [] });
  });
});
