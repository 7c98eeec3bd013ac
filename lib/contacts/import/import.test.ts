import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, contactIdentities, contactImports, contacts, orgs } from "@/db/schema";
import type { TenantContext } from "@/lib/context";
import { withSystem, withTenant } from "@/lib/db/scopes";
import { getBoss, stopBoss } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { expectAppError } from "@/test/errors";
import { addMember, createOwner, type TestMember, type TestOwner } from "@/test/factories";
import { waitFor } from "@/test/wait";
import { contactFilterSchema } from "../filters";
import { startImport } from "./service";
import { work } from "@/lib/jobs/worker";
import { contactsImportJob } from "./job";
import { guessMapping, readCsvFile, type ImportMapping } from "./mapping";
import { getImport, type ImportState } from "./queries";
import { markImportFailed, runImport } from "./run";
import { listContacts } from "../queries";
import { createContact } from "../profile/service";

await setupFreshDatabase();
afterAll(stopBoss);

let a: TestOwner;
let b: TestOwner;
let member: TestMember;

beforeAll(async () => {
  [a, b] = await Promise.all([createOwner(), createOwner()]);
  member = await addMember(a.ctx, "member");
  await withSystem("test sets the org's country", (tx) =>
    tx.update(orgs).set({ country: "FR" }).where(eq(orgs.id, a.orgId)),
  );
  await work(await getBoss(), contactsImportJob);
});

async function waitForImport(ctx: TenantContext, id: string): Promise<ImportState> {
  const state = await waitFor(
    () => getImport(ctx, id),
    (s) => s.status === "done" || s.status === "failed",
    { interval: 100 },
  );
  if (state.status !== "done" && state.status !== "failed")
    throw new Error(`import ${id} did not finish`);
  return state;
}

async function importCsv(ctx: TenantContext, csv: string, mapping?: ImportMapping) {
  const { id } = await startImport(ctx, {
    fileName: "contacts.csv",
    csv,
    mapping: mapping ?? guessMapping(readCsvFile(csv).headers),
  });
  return waitForImport(ctx, id);
}

async function contactsOf(ctx: TenantContext) {
  return withTenant(ctx, (tx) => tx.select().from(contacts).orderBy(contacts.createdAt));
}

async function ownerOf(ctx: TenantContext, kind: "phone" | "email", value: string) {
  const [row] = await withTenant(ctx, (tx) =>
    tx
      .select({ contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.kind, kind), eq(contactIdentities.value, value))),
  );
  return row?.contactId ?? null;
}

/** Imports and queued import jobs across all orgs: for "nothing was written". */
async function written() {
  const [imports] = await withSystem("test counts imports", (tx) =>
    tx.select({ n: sql<number>`count(*)::int` }).from(contactImports),
  );
  const [jobs] = await ownerSql()<{ n: number }[]>`
    select count(*)::int as n from pgboss.job where name = ${QUEUES.contactsImport.name}`;
  return { imports: imports!.n, jobs: jobs!.n };
}

describe("importing a CSV through the worker", () => {
  it("creates the contacts, reports progress to the end and audits counts only", async () => {
    const csv = [
      "\uFEFFFull name,Mobile,E-mail,Tags,Language,Status,Budget",
      "Camille Martin,06 12 34 56 01,camille@example.fr,vip;buyer,fr-FR,qualified,500k",
      '"Doe, Jo",+33 6 12 34 56 02,,"a|b",en,,',
      "Sam,,sam@example.com,,,,",
    ].join("\r\n");
    const mapping = {
      ...guessMapping(readCsvFile(csv).headers),
      Budget: "leadField:budget",
    } as const;
    const state = await importCsv(a.ctx, csv, mapping);
    expect(state).toMatchObject({
      status: "done",
      totalRows: 3,
      processedRows: 3,
      created: 3,
      updated: 0,
      failed: 0,
      report: [],
    });
    expect(state.finishedAt).not.toBeNull();
    const camille = await ownerOf(a.ctx, "phone", "+33612345601");
    const [row] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contacts).where(eq(contacts.id, camille!)),
    );
    expect(row).toMatchObject({
      name: "Camille Martin",
      phoneE164: "+33612345601",
      email: "camille@example.fr",
      tags: ["vip", "buyer"],
      language: "fr-FR",
      leadStatus: "qualified",
      leadFields: { budget: "500k" },
    });
    const found = await listContacts(a.ctx, contactFilterSchema.parse({ q: "Doe, Jo" }));
    expect(found.rows.map((r) => [r.name, r.tags])).toEqual([["Doe, Jo", ["a", "b"]]]);

    const entries = await withTenant(a.ctx, (tx) =>
      tx
        .select({ action: auditLog.action, metadata: auditLog.metadata })
        .from(auditLog)
        .where(eq(auditLog.targetId, state.id))
        .orderBy(auditLog.createdAt),
    );
    expect(entries).toEqual([
      { action: "contacts.import_started", metadata: { totalRows: 3, columns: 7 } },
      {
        action: "contacts.import_finished",
        metadata: { status: "done", totalRows: 3, created: 3, updated: 0, failed: 0 },
      },
    ]);
  });

  it("merges duplicates: into existing contacts by phone or email, and rows of the file together", async () => {
    const existing = await createContact(a.ctx, {
      name: "Existing Name",
      phones: ["+33612345611"],
      tags: ["old"],
      leadFields: { budget: "1" },
    });
    const before = (await contactsOf(a.ctx)).length;
    const csv = [
      "Name,Phone,Email,Tags,Budget,Area,Language",
      // Existing by phone: only empty fields are filled, tags are unioned.
      "New Name,+33612345611,existing@example.com,new;old,2,Nord,fr",
      // Two rows sharing an email: one contact with both phones.
      "Bo,+33612345612,bo@example.com,,,,",
      ",+33612345613,BO@example.com,x,,,en",
      // The same row twice.
      "Cy,+33612345614,,,,,",
      "Cy,+33612345614,,,,,",
    ].join("\n");
    const state = await importCsv(a.ctx, csv, {
      Name: "name",
      Phone: "phone",
      Email: "email",
      Tags: "tags",
      Budget: "leadField:budget",
      Area: "leadField:area",
      Language: "language",
    });
    expect(state).toMatchObject({ status: "done", created: 2, updated: 3, failed: 0 });
    expect((await contactsOf(a.ctx)).length).toBe(before + 2);

    const [updated] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contacts).where(eq(contacts.id, existing.id)),
    );
    expect(updated).toMatchObject({
      name: "Existing Name",
      email: "existing@example.com",
      tags: ["old", "new"],
      language: "fr",
      leadFields: { budget: "1", area: "Nord" },
    });
    expect(await ownerOf(a.ctx, "email", "existing@example.com")).toBe(existing.id);
    const bo = await ownerOf(a.ctx, "email", "bo@example.com");
    expect(await ownerOf(a.ctx, "phone", "+33612345612")).toBe(bo);
    expect(await ownerOf(a.ctx, "phone", "+33612345613")).toBe(bo);
    const [boRow] = await withTenant(a.ctx, (tx) =>
      tx.select().from(contacts).where(eq(contacts.id, bo!)),
    );
    expect(boRow).toMatchObject({
      name: "Bo",
      tags: ["x"],
      language: "en",
      phoneE164: "+33612345612",
    });
  });

  it("reports malformed rows by row number, column and reason, and imports the rest", async () => {
    const csv = [
      "Name,Phone,Email,Status",
      "Bad phone,12,,",
      "Bad email,,not-an-email,",
      '"Two',
      'lines",+33612345621,,vip',
      "Nobody,,,",
      "Good,+33612345622,,",
    ].join("\n");
    const state = await importCsv(a.ctx, csv);
    expect(state).toMatchObject({
      status: "done",
      totalRows: 5,
      created: 1,
      updated: 0,
      failed: 4,
    });
    expect(state.report).toEqual([
      { row: 2, field: "Phone", message: "“12” is not a phone number we can call." },
      { row: 3, field: "Email", message: "“not-an-email” is not an email address." },
      {
        row: 4,
        field: "Status",
        message: "“vip” is not one of: new, contacted, qualified, customer, lost.",
      },
      {
        row: 5,
        field: "Phone",
        message: "No phone number or email address: nothing to find or create the contact by.",
      },
    ]);
    expect(await ownerOf(a.ctx, "phone", "+33612345621")).toBeNull();
    expect(await ownerOf(a.ctx, "phone", "+33612345622")).not.toBeNull();
  });

  it("keeps a row with a bad phone and a good email, reporting the phone as a warning", async () => {
    const csv = ["Name,Phone,Email", "Ana,555-2671,ana-import@example.com"].join("\n");
    const state = await importCsv(a.ctx, csv);
    expect(state).toMatchObject({ status: "done", totalRows: 1, created: 1, failed: 0 });
    expect(state.report).toEqual([
      {
        row: 2,
        field: "Phone",
        message: "“555-2671” is not a phone number we can call. The row was imported without it.",
        warning: true,
      },
    ]);
    expect(await ownerOf(a.ctx, "email", "ana-import@example.com")).not.toBeNull();
  });

  it("imports formulas as text, removing only the export's neutralising apostrophe", async () => {
    const csv = [
      "Name,Phone,Tags,Note",
      `"'=HYPERLINK(""http://evil.example"",""x"")",'+33612345631,'@risky;ok,'-5`,
      "=1+1,+33612345632,+cmd,@SUM(A1)",
    ].join("\n");
    const state = await importCsv(a.ctx, csv, {
      Name: "name",
      Phone: "phone",
      Tags: "tags",
      Note: "leadField:note",
    });
    expect(state).toMatchObject({ status: "done", created: 2, failed: 0 });
    const rows = await withTenant(a.ctx, (tx) =>
      tx
        .select({ name: contacts.name, tags: contacts.tags, leadFields: contacts.leadFields })
        .from(contacts)
        .where(inArray(contacts.phoneE164, ["+33612345631", "+33612345632"]))
        .orderBy(contacts.phoneE164),
    );
    expect(rows).toEqual([
      {
        name: '=HYPERLINK("http://evil.example","x")',
        tags: ["@risky", "ok"],
        leadFields: { note: "-5" },
      },
      { name: "=1+1", tags: ["+cmd"], leadFields: { note: "@SUM(A1)" } },
    ]);
  });
});

describe("refusals", () => {
  it("refuses a file over 5 MB or 50,000 rows, or a bad mapping, and writes nothing", async () => {
    const before = await written();
    const big = `Phone\n${"+33612345678\n".repeat(Math.ceil((5 * 1024 * 1024) / 13) + 1)}`;
    const tooBig = await expectAppError(
      startImport(a.ctx, { fileName: "big.csv", csv: big, mapping: { Phone: "phone" } }),
      "VALIDATION",
    );
    expect(tooBig.message).toMatch(/^This file is 5\.0 MB; imports take files up to 5 MB\./);
    const many = `Email\n${"a@example.com\n".repeat(50_001)}`;
    const tooMany = await expectAppError(
      startImport(a.ctx, { fileName: "many.csv", csv: many, mapping: { Email: "email" } }),
      "VALIDATION",
    );
    expect(tooMany.message).toMatch(/50,001 rows; imports take up to 50,000/);
    await expectAppError(
      startImport(a.ctx, { fileName: "x.csv", csv: "Name\nJo", mapping: { Name: "name" } }),
      "VALIDATION",
    );
    const unknown = await expectAppError(
      startImport(a.ctx, {
        fileName: "x.csv",
        csv: "Phone\n+33612345678",
        mapping: { Tel: "phone" },
      }),
      "VALIDATION",
    );
    expect(unknown.fieldErrors).toEqual({ "mapping.Tel": ["The file has no column “Tel”."] });
    await expectAppError(
      startImport(a.ctx, { fileName: "x.csv", csv: 'Phone\n"+336', mapping: { Phone: "phone" } }),
      "VALIDATION",
    );
    await expectAppError(
      startImport(a.ctx, { fileName: "x.csv", csv: "Phone\n", mapping: { Phone: "phone" } }),
      "VALIDATION",
    );
    expect(await written()).toEqual(before);
  });

  it("a member may not import or read an import", async () => {
    const before = await written();
    await expectAppError(
      startImport(member.ctx, {
        fileName: "x.csv",
        csv: "Phone\n+33612345641",
        mapping: { Phone: "phone" },
      }),
      "FORBIDDEN",
    );
    expect(await written()).toEqual(before);
    const { id } = await startImport(a.ctx, {
      fileName: "x.csv",
      csv: "Phone\n+33612345642",
      mapping: { Phone: "phone" },
    });
    await expectAppError(getImport(member.ctx, id), "FORBIDDEN");
    await waitForImport(a.ctx, id);
  });

  it("a job for org A never touches org B, and B cannot read A's import", async () => {
    const { id } = await startImport(a.ctx, {
      fileName: "x.csv",
      csv: "Phone\n+33612345651",
      mapping: { Phone: "phone" },
    });
    const state = await waitForImport(a.ctx, id);
    expect(state.created).toBe(1);
    await expectAppError(getImport(b.ctx, id), "NOT_FOUND");
    expect((await listContacts(b.ctx, contactFilterSchema.parse({}))).rows).toEqual([]);
    // A job naming B's org with A's import finds nothing to do (row-level security).
    expect(await runImport({ orgId: b.orgId, importId: id })).toBe("missing");
    expect(await getImport(a.ctx, id)).toEqual(state);
    expect((await listContacts(b.ctx, contactFilterSchema.parse({}))).rows).toEqual([]);
  });
});

describe("resuming after a crash", () => {
  it("continues from processedRows, and processing rows again never duplicates a contact", async () => {
    const c = await createOwner();
    const csv = [
      "Name,Phone",
      "R1,+33612345661",
      "R2,+33612345662",
      "Crash,+33612345663",
      "R1 again,+33612345661",
      "R5,+33612345665",
    ].join("\n");
    // Stored without a job, so only this test runs it.
    const [row] = await withTenant(c.ctx, (tx) =>
      tx
        .insert(contactImports)
        .values({
          orgId: c.orgId,
          fileName: "crash.csv",
          csv,
          mapping: { Name: "name", Phone: "phone" },
          totalRows: 5,
        })
        .returning({ id: contactImports.id }),
    );
    const job = { orgId: c.orgId, importId: row!.id };
    // This test database's own copy: the third row now fails its batch, as a crash would.
    // (DDL needs the owning connection.)
    await ownerSql()`alter table contacts add constraint test_crash check (name is distinct from 'Crash') not valid`;
    try {
      await expect(runImport(job, { batchSize: 2 })).rejects.toMatchObject({
        cause: expect.objectContaining({ constraint_name: "test_crash" }),
      });
    } finally {
      await ownerSql()`alter table contacts drop constraint test_crash`;
    }
    expect(await getImport(c.ctx, job.importId)).toMatchObject({
      status: "running",
      processedRows: 2,
      created: 2,
    });
    expect((await contactsOf(c.ctx)).length).toBe(2);

    expect(await runImport(job, { batchSize: 2 })).toBe("done");
    expect(await getImport(c.ctx, job.importId)).toMatchObject({
      status: "done",
      processedRows: 5,
      created: 4,
      updated: 1,
      failed: 0,
    });
    expect(await runImport(job)).toBe("already-done");
    const names = (await contactsOf(c.ctx)).map((x) => x.name).sort();
    expect(names).toEqual(["Crash", "R1", "R2", "R5"]);

    // Every row once more: the same four contacts.
    await withSystem("test rewinds an import", (tx) =>
      tx
        .update(contactImports)
        .set({ status: "running", processedRows: 0 })
        .where(eq(contactImports.id, job.importId)),
    );
    expect(await runImport(job, { batchSize: 3 })).toBe("done");
    expect((await contactsOf(c.ctx)).map((x) => x.name).sort()).toEqual(names);
  });

  it("after the job's last attempt, the import says it failed and keeps what it imported", async () => {
    const c = await createOwner();
    const [row] = await withTenant(c.ctx, (tx) =>
      tx
        .insert(contactImports)
        .values({
          orgId: c.orgId,
          fileName: "x.csv",
          csv: "Phone\n+33612345671\n+33612345672",
          mapping: { Phone: "phone" },
          totalRows: 2,
          processedRows: 1,
          created: 1,
        })
        .returning({ id: contactImports.id }),
    );
    await markImportFailed({ orgId: c.orgId, importId: row!.id });
    const state = await getImport(c.ctx, row!.id);
    expect(state).toMatchObject({ status: "failed", processedRows: 1, created: 1 });
    const [entry] = await withTenant(c.ctx, (tx) =>
      tx
        .select({ action: auditLog.action, metadata: auditLog.metadata })
        .from(auditLog)
        .where(eq(auditLog.targetId, row!.id)),
    );
    expect(entry).toEqual({
      action: "contacts.import_finished",
      metadata: {
        status: "failed",
        totalRows: 2,
        processedRows: 1,
        created: 1,
        updated: 0,
        failed: 0,
      },
    });
  });
});
