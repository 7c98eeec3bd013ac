import { beforeAll, describe, expect, it } from "vitest";
import { systemContext } from "@/lib/context";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { createOwner, type TestOwner } from "@/test/factories";
import { contactCountLabel, countContacts, roundEstimate } from "./count";
import { contactFilterSchema } from "../filters";
import { listContacts } from "../queries";
import { createContact } from "../profile/service";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
const filter = (f: Record<string, unknown> = {}) => contactFilterSchema.parse(f);

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  for (let i = 0; i < 12; i++) {
    await createContact(a.ctx, {
      name: `Person ${i}`,
      phones: [`+3361234${String(i).padStart(4, "0")}`],
      tags: i % 3 === 0 ? ["vip"] : [],
    });
  }
  await createContact(b.ctx, { name: "Elsewhere", phones: ["+33612349999"] });
});

describe("the contacts count", () => {
  it("counts what the list shows for the same filter, within the org", async () => {
    expect(await countContacts(a.ctx, filter())).toEqual({ value: 12, exact: true });
    const vip = filter({ tags: "vip" });
    const rows = (await listContacts(a.ctx, vip, { limit: 500 })).rows;
    expect(await countContacts(a.ctx, vip)).toEqual({ value: rows.length, exact: true });
    expect(rows.length).toBe(4);
    expect(await countContacts(a.ctx, filter({ q: "nobody" }))).toEqual({ value: 0, exact: true });
    expect(await countContacts(b.ctx, filter())).toEqual({ value: 1, exact: true });
  });

  it("gives an estimate, never below the counted limit, past the exact limit", async () => {
    const count = (await countContacts(a.ctx, filter(), { exactUpTo: 5 }))!;
    expect(count.exact).toBe(false);
    expect(count.value).toBeGreaterThanOrEqual(6);
    expect(contactCountLabel(count)).toMatch(/^about [\d,]+ contacts$/);
  });

  it("reads in words and rounds estimates to two digits", () => {
    expect(contactCountLabel({ value: 1, exact: true })).toBe("1 contact");
    expect(contactCountLabel({ value: 2345, exact: true })).toBe("2,345 contacts");
    expect(contactCountLabel({ value: 120_000, exact: false })).toBe("about 120,000 contacts");
    expect(roundEstimate(123_456)).toBe(120_000);
    expect(roundEstimate(10_001)).toBe(10_000);
    expect(roundEstimate(7)).toBe(7);
  });

  it("is refused to an actor without the permission to read contacts", async () => {
    const job = systemContext("a job", a.ctx.org);
    await expectAppError(countContacts(job, filter()), "FORBIDDEN");
  });
});
