import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, contactSegments } from "@/db/schema";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { filterToSearchParams } from "../filters";
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  type CreateSegmentInput,
} from "./service";

await setupFreshDatabase();

let a: TestOwner;
let b: TestOwner;
let member: TestMember;
let admin: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  [member, admin] = await Promise.all([addMember(a.ctx, "member"), addMember(a.ctx, "admin")]);
});

const segmentCount = async () =>
  (
    await withSystem("test: count segments", (tx) =>
      tx.select({ n: sql<number>`count(*)::int` }).from(contactSegments),
    )
  )[0]!.n;

describe("saving a segment", () => {
  it("stores the parsed filter, lists it by name, and turns it back into the same URL", async () => {
    const saved = await createSegment(a.ctx, {
      name: "  Qualified buyers ",
      filter: { tags: "buyer, vip", leadStatus: "qualified", leadFields: { budget: "500000" } },
    });
    expect(saved.name).toBe("Qualified buyers");
    const segment = await getSegment(a.ctx, saved.id);
    expect(segment.filter).toEqual({
      tags: ["buyer", "vip"],
      leadStatus: ["qualified"],
      leadFields: { budget: "500000" },
      sort: "recent",
    });
    expect(filterToSearchParams(segment.filter!).toString()).toBe(
      "tags=buyer%2Cvip&leadStatus=qualified&lf.budget=500000",
    );
    expect((await listSegments(a.ctx)).map((s) => s.name)).toContain("Qualified buyers");
  });

  it("audits creation and deletion by filter names, never values", async () => {
    const { id } = await createSegment(admin.ctx, {
      name: "Search for Camille",
      filter: { q: "Camille Martin", channel: "sms" },
    });
    await deleteSegment(admin.ctx, id);
    const entries = await withTenant(a.ctx, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, a.orgId), eq(auditLog.targetId, id)))
        .orderBy(auditLog.createdAt),
    );
    expect(entries.map((e) => [e.action, e.actorId, e.metadata])).toEqual([
      ["contacts.segment_created", admin.userId, { filters: ["q", "channel"] }],
      ["contacts.segment_deleted", admin.userId, {}],
    ]);
    expect(JSON.stringify(entries)).not.toContain("Camille");
  });

  it("refuses a name already used in the org, whatever its case, naming the field", async () => {
    await createSegment(a.ctx, {
      name: "Harbour leads",
      filter: { leadFields: { area: "Harbour" } },
    });
    const before = await segmentCount();
    const error = await expectAppError(
      createSegment(a.ctx, { name: "HARBOUR LEADS", filter: { tags: "x" } }),
      "CONFLICT",
    );
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["name"]);
    expect(await segmentCount()).toBe(before);
    // Another org may use the same name.
    await createSegment(b.ctx, { name: "Harbour leads", filter: { tags: "x" } });
  });

  it.each<[CreateSegmentInput, string]>([
    [{ name: "", filter: { tags: "vip" } }, "name"],
    [{ name: "x".repeat(61), filter: { tags: "vip" } }, "name"],
    [{ name: "Everyone", filter: {} }, "filter"],
    [{ name: "Sorted", filter: { sort: "name" } }, "filter"],
    [{ name: "Bad status", filter: { leadStatus: "hot" } }, "filter.leadStatus.0"],
  ])("refuses %j with a field error on %s and writes nothing", async (input, field) => {
    const before = await segmentCount();
    const error = await expectAppError(createSegment(a.ctx, input), "VALIDATION");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
    expect(await segmentCount()).toBe(before);
  });
});

describe("roles", () => {
  it("a member lists and applies segments but cannot create or delete them", async () => {
    const { id } = await createSegment(a.ctx, { name: "VIPs", filter: { tags: "vip" } });
    expect((await listSegments(member.ctx)).map((s) => s.id)).toContain(id);
    expect((await getSegment(member.ctx, id)).filter?.tags).toEqual(["vip"]);
    const before = await segmentCount();
    await expectAppError(
      createSegment(member.ctx, { name: "Mine", filter: { tags: "vip" } }),
      "FORBIDDEN",
    );
    await expectAppError(deleteSegment(member.ctx, id), "FORBIDDEN");
    expect(await segmentCount()).toBe(before);
  });
});

describe("across orgs", () => {
  it("org B neither sees, reads nor deletes org A's segment", async () => {
    const { id } = await createSegment(a.ctx, { name: "Only A", filter: { channel: "voice" } });
    expect((await listSegments(b.ctx)).map((s) => s.id)).not.toContain(id);
    await expectAppError(getSegment(b.ctx, id), "NOT_FOUND");
    await expectAppError(deleteSegment(b.ctx, id), "NOT_FOUND");
    expect((await getSegment(a.ctx, id)).name).toBe("Only A");
  });

  it("a malformed or unknown id is not found; a deleted segment is gone", async () => {
    await expectAppError(deleteSegment(a.ctx, "not-a-uuid"), "NOT_FOUND");
    await expectAppError(getSegment(a.ctx, "'; drop table x; --"), "NOT_FOUND");
    const { id } = await createSegment(a.ctx, { name: "Temporary", filter: { channel: "sms" } });
    await deleteSegment(a.ctx, id);
    await expectAppError(deleteSegment(a.ctx, id), "NOT_FOUND");
    await expectAppError(getSegment(a.ctx, id), "NOT_FOUND");
  });

  it("a stored filter that no longer reads lists with a null filter instead of failing", async () => {
    const { id } = await createSegment(a.ctx, { name: "Legacy", filter: { tags: "old" } });
    await withTenant(a.ctx, (tx) =>
      tx
        .update(contactSegments)
        .set({ filter: { channel: "fax" } })
        .where(eq(contactSegments.id, id)),
    );
    const legacy = (await listSegments(a.ctx)).find((s) => s.id === id);
    expect(legacy?.filter).toBeNull();
  });
});
