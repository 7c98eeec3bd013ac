import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contacts, orgs } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { createOwner, type TestOwner } from "@/test/factories";
import { generateTenantData } from "@/lib/seed/large-tenant";
import { contactFilterSchema } from "./filters";
import { filterConditions, listContacts, phoneDigitsRun } from "./queries";
import { createContact } from "./profile/service";

const { url } = await setupFreshDatabase();

let us: TestOwner;
let fr: TestOwner;
const ids: Record<string, string> = {};

const found = async (owner: TestOwner, q: string) =>
  (await listContacts(owner.ctx, contactFilterSchema.parse({ q }))).rows.map((r) => r.name).sort();

beforeAll(async () => {
  [us, fr] = await Promise.all([createOwner(), createOwner()]);
  await withSystem("test sets the org's country", (tx) =>
    tx.update(orgs).set({ country: "FR" }).where(eq(orgs.id, fr.orgId)),
  );
  for (const [name, phone] of [
    ["Chloé Martin", "+14155552671"],
    ["Léa Dubois", "+14155550100"],
    ["Zoë Åberg", "+14155559999"],
    ["Leonard Smith", "+12125550199"],
  ] as const) {
    ids[name] = (await createContact(us.ctx, { name, phones: [phone] })).id;
  }
  await createContact(fr.ctx, { name: "Chloé Petit", phones: ["06 12 34 56 78"] });
});

describe("searching without accents", () => {
  it("finds Chloé by 'chloe' and Léa by 'Lea', in either direction and any case", async () => {
    expect(await found(us, "chloe")).toEqual(["Chloé Martin"]);
    expect(await found(us, "Lea")).toEqual(["Léa Dubois"]);
    expect(await found(us, "LÉA DUB")).toEqual(["Léa Dubois"]);
    expect(await found(us, "zoe aberg")).toEqual(["Zoë Åberg"]);
    expect(await found(us, "Leo")).toEqual(["Leonard Smith"]);
    // Another org's Chloé stays there.
    expect(await found(fr, "chloe")).toEqual(["Chloé Petit"]);
  });
});

describe("searching by part of a number", () => {
  it("finds a number by its last digits, however they are written", async () => {
    expect(await found(us, "555-2671")).toEqual(["Chloé Martin"]);
    expect(await found(us, "2671")).toEqual(["Chloé Martin"]);
    expect(await found(us, "55-0100")).toEqual(["Léa Dubois"]);
    expect(await found(us, "+1 415 555 2671")).toEqual(["Chloé Martin"]);
    // National writing with its trunk 0, whole or its end.
    expect(await found(fr, "06 12 34 56 78")).toEqual(["Chloé Petit"]);
    expect(await found(fr, "56 78")).toEqual(["Chloé Petit"]);
    // The beginning of a number is not its end.
    expect(await found(us, "4155")).toEqual([]);
    expect(await found(fr, "2671")).toEqual([]);
  });

  it("needs four digits to read a query as a number", () => {
    expect(phoneDigitsRun("267")).toBeNull();
    expect(phoneDigitsRun("00 00 07")).toBe("000007");
    expect(phoneDigitsRun("555-2671")).toBe("5552671");
    expect(phoneDigitsRun("(415) 555-")).toBe("415555");
    expect(phoneDigitsRun("Room 2671")).toBeNull();
  });
});

describe("the indexes that serve search", () => {
  let large: TestOwner;
  beforeAll(async () => {
    // Enough rows (analysed) for the planner to weigh an index against reading the org's rows.
    large = await createOwner();
    await generateTenantData(url, large.orgId, 5_000, () => {});
  }, 60_000);

  // The plan of the app's own query, run as the app runs it (luneo_app, row-level security on): an
  // index that needs a non-leakproof operator would not appear. A plan check, not a timing.
  async function planOf(owner: TestOwner, q: string): Promise<string> {
    return withTenant(owner.ctx, async (tx) => {
      const where = filterConditions(tx, contactFilterSchema.parse({ q }), "US");
      const rows = await tx.execute<{ "QUERY PLAN": string }>(
        sql`explain ${tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(...where))}`,
      );
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }

  it("serves the last digits of a number by an index, under row-level security", async () => {
    // Contact 4242 of the generated ones is +33600004242, the only number ending in 42 42.
    expect(await found(large, "42 42")).toHaveLength(1);
    // Zeros belong to the end of a number: "00 00 07" is +33600000007's.
    expect(await found(large, "00 00 07")).toHaveLength(1);
    const plan = await planOf(large, "42 42");
    // The digits themselves are the index condition, not only the org.
    expect(plan).toMatch(/Index (Only )?Scan using contact_identities_org_phone_suffix_idx/);
    expect(plan).toMatch(/Index Cond: .*reversed_value ~>=~ '2424'/);
  });
});
