import "server-only";
import type { CountryCode } from "libphonenumber-js";
import { and, eq, sql } from "drizzle-orm";
import { contactIdentities, contactImports, contacts } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { systemContext, type ActingContext } from "@/lib/context";
import { withTenant, type TenantTx } from "@/lib/db/scopes";
import { QUEUES, type ContactsImportJob } from "@/lib/jobs/queues";
import { IMPORT_REPORT_LIMIT, readCsvFile, type CsvFile, type ImportMapping } from "./mapping";
import { parseImportRow, type ImportedContact, type RowProblem } from "./row";
import { isUuid } from "../merge/records";
import { orgCountry } from "../queries";

// contacts.import: reads an import's rows in batches, each batch one transaction that also moves
// `processedRows` on. A crash loses at most the batch in flight, and the retry starts again from
// `processedRows`. Rows are matched to contacts by phone and email identities, so a row processed
// twice fills the same contact twice (a no-op) and never makes a second one.

export const IMPORT_BATCH_ROWS = 200;

const jobContext = (orgId: string) => systemContext(QUEUES.contactsImport.name, { id: orgId });

type Key = { kind: "phone" | "email"; value: string };
const keyOf = (k: Key) => `${k.kind}:${k.value}`;
const keysOf = (c: ImportedContact): Key[] => [
  ...c.phones.map((value) => ({ kind: "phone" as const, value })),
  ...c.emails.map((value) => ({ kind: "email" as const, value })),
];

/**
 * Takes the same per-value locks as createContactIn (so an import and a concurrent create of the
 * same person wait for each other), then finds who owns each identity.
 */
async function lockAndFindOwners(tx: TenantTx, keys: Key[]): Promise<Map<string, string>> {
  const { orgId } = tx;
  const owners = new Map<string, string>();
  if (keys.length === 0) return owners;
  const values = [...new Set(keys.map((k) => k.value))].sort();
  await tx.execute(sql`
    select pg_advisory_xact_lock(hashtextextended(${orgId}::text || ':' || s.k, 0))
      from (select k from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) as t(k) order by k) s`);
  const rows = await tx.execute<{ kind: "phone" | "email"; value: string; contact_id: string }>(sql`
    select kind, value, contact_id from contact_identities
     where org_id = ${orgId}
       and (kind, value) in (select kind, value
                               from jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as t(kind text, value text))`);
  for (const r of rows) owners.set(keyOf(r), r.contact_id);
  return owners;
}

/** Fills what the existing contact lacks; never overwrites a value it has. Tags are unioned. */
async function fillContact(tx: TenantTx, id: string, c: ImportedContact) {
  const { orgId } = tx;
  const [cur] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)))
    .for("update");
  if (!cur) return;
  const set: Partial<typeof contacts.$inferInsert> = {};
  if (!cur.name && c.name) set.name = c.name;
  if (!cur.language && c.language) set.language = c.language;
  // "new" is the default status: an imported status says more.
  if (cur.leadStatus === "new" && c.leadStatus) set.leadStatus = c.leadStatus;
  const tags = [...new Set([...cur.tags, ...c.tags])];
  if (tags.length > cur.tags.length) set.tags = tags;
  const missing = Object.entries(c.leadFields).filter(
    ([k]) => cur.leadFields[k] === undefined || cur.leadFields[k] === "",
  );
  if (missing.length > 0) set.leadFields = { ...cur.leadFields, ...Object.fromEntries(missing) };
  // The row's phones and emails are this contact's or nobody's (see applyRow).
  if (!cur.phoneE164 && c.phones[0]) set.phoneE164 = c.phones[0];
  if (!cur.email && c.emails[0]) set.email = c.emails[0];
  if (Object.keys(set).length > 0) {
    await tx
      .update(contacts)
      .set({ ...set, updatedAt: sql`now()` })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, id)));
  }
}

async function applyRow(
  tx: TenantTx,
  c: ImportedContact,
  owners: Map<string, string>,
): Promise<"created" | "updated" | "conflict"> {
  const { orgId } = tx;
  const keys = keysOf(c);
  const ids = new Set(keys.map((k) => owners.get(keyOf(k))).filter((id) => id !== undefined));
  if (ids.size > 1) return "conflict";
  let [id] = ids;
  const existing = id !== undefined;
  if (id) await fillContact(tx, id, c);
  else {
    const [row] = await tx
      .insert(contacts)
      .values({
        orgId,
        phoneE164: c.phones[0] ?? null,
        email: c.emails[0] ?? null,
        name: c.name,
        language: c.language,
        tags: c.tags,
        leadStatus: c.leadStatus ?? "new",
        leadFields: c.leadFields,
      })
      .returning({ id: contacts.id });
    id = row!.id;
  }
  const fresh = keys.filter((k) => !owners.has(keyOf(k)));
  if (fresh.length > 0) {
    await tx
      .insert(contactIdentities)
      .values(fresh.map((k) => ({ orgId, kind: k.kind, value: k.value, contactId: id! })))
      .onConflictDoNothing();
    // Later rows of the file with these values now find this contact.
    for (const k of fresh) owners.set(keyOf(k), id);
  }
  return existing ? "updated" : "created";
}

type Source = { file: CsvFile; mapping: ImportMapping; country: CountryCode };

/** One batch from `processedRows` on; true when the import is finished. */
async function runBatch(
  tx: TenantTx,
  ctx: ActingContext,
  importId: string,
  { file, mapping, country }: Source,
  batchSize: number,
): Promise<boolean> {
  const { orgId } = tx;
  const where = and(eq(contactImports.orgId, orgId), eq(contactImports.id, importId));
  const [state] = await tx
    .select({
      status: contactImports.status,
      processedRows: contactImports.processedRows,
      totalRows: contactImports.totalRows,
      reported: sql<number>`jsonb_array_length(${contactImports.report})`,
    })
    .from(contactImports)
    .where(where)
    .for("update");
  if (!state || state.status === "done") return true;
  const start = state.processedRows;
  const batch = file.rows.slice(start, Math.min(start + batchSize, state.totalRows));
  const identityColumns = Object.keys(mapping)
    .filter((h) => ["phone", "phone2", "email", "email2"].includes(mapping[h]!))
    .join(", ");

  const verdicts = batch.map((r) => ({
    row: r.row,
    verdict: parseImportRow(file.headers, r.cells, mapping, country),
  }));
  const owners = await lockAndFindOwners(
    tx,
    verdicts.flatMap(({ verdict }) => (verdict.ok ? keysOf(verdict.value) : [])),
  );
  const counts = { created: 0, updated: 0, failed: 0 };
  const problems: Array<RowProblem & { row: number; warning?: true }> = [];
  for (const { row, verdict } of verdicts) {
    if (!verdict.ok) {
      counts.failed++;
      problems.push(...verdict.problems.map((p) => ({ row, ...p })));
      continue;
    }
    const outcome = await applyRow(tx, verdict.value, owners);
    if (outcome === "conflict") {
      counts.failed++;
      problems.push({
        row,
        field: identityColumns,
        message:
          "Its phone numbers and emails belong to different contacts: merge them, then import this row again.",
      });
    } else {
      counts[outcome]++;
      problems.push(...verdict.warnings.map((p) => ({ row, ...p, warning: true as const })));
    }
  }

  const processed = start + batch.length;
  // An empty batch cannot happen (the file never changes), but must never loop forever either.
  const done = processed >= state.totalRows || batch.length === 0;
  const room = Math.max(0, IMPORT_REPORT_LIMIT - state.reported);
  const [after] = await tx
    .update(contactImports)
    .set({
      status: done ? "done" : "running",
      processedRows: processed,
      created: sql`${contactImports.created} + ${counts.created}`,
      updated: sql`${contactImports.updated} + ${counts.updated}`,
      failed: sql`${contactImports.failed} + ${counts.failed}`,
      report: sql`${contactImports.report} || ${JSON.stringify(problems.slice(0, room))}::jsonb`,
      ...(done ? { finishedAt: sql`now()` } : {}),
    })
    .where(where)
    .returning({
      totalRows: contactImports.totalRows,
      created: contactImports.created,
      updated: contactImports.updated,
      failed: contactImports.failed,
    });
  if (done) {
    await recordAudit(tx, ctx, {
      action: "contacts.import_finished",
      targetType: "contact_import",
      targetId: importId,
      metadata: { status: "done", ...after },
    });
  }
  return done;
}

export type ImportRunOutcome = "done" | "already-done" | "missing";

/** Runs (or resumes) an import to its end. Another org's import is missing for this job. */
export async function runImport(
  job: ContactsImportJob,
  options: { batchSize?: number } = {},
): Promise<ImportRunOutcome> {
  if (!isUuid(job.orgId) || !isUuid(job.importId)) return "missing";
  const ctx = jobContext(job.orgId);
  const loaded = await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select({
        csv: contactImports.csv,
        mapping: contactImports.mapping,
        status: contactImports.status,
      })
      .from(contactImports)
      .where(and(eq(contactImports.orgId, job.orgId), eq(contactImports.id, job.importId)));
    return row ? { ...row, country: await orgCountry(tx) } : null;
  });
  if (!loaded) return "missing";
  if (loaded.status === "done") return "already-done";
  const source: Source = {
    file: readCsvFile(loaded.csv),
    mapping: loaded.mapping as ImportMapping,
    country: loaded.country,
  };
  const batchSize = Math.max(1, options.batchSize ?? IMPORT_BATCH_ROWS);
  for (;;) {
    const finished = await withTenant(ctx, (tx) =>
      runBatch(tx, ctx, job.importId, source, batchSize),
    );
    if (finished) return "done";
  }
}

/** After the job's last attempt failed: the import stops where it is, and says so. */
export async function markImportFailed(job: ContactsImportJob): Promise<void> {
  if (!isUuid(job.orgId) || !isUuid(job.importId)) return;
  const ctx = jobContext(job.orgId);
  await withTenant(ctx, async (tx) => {
    const [row] = await tx
      .update(contactImports)
      .set({ status: "failed", finishedAt: sql`now()` })
      .where(
        and(
          eq(contactImports.orgId, job.orgId),
          eq(contactImports.id, job.importId),
          sql`${contactImports.status} <> 'done'`,
        ),
      )
      .returning({
        totalRows: contactImports.totalRows,
        processedRows: contactImports.processedRows,
        created: contactImports.created,
        updated: contactImports.updated,
        failed: contactImports.failed,
      });
    if (row) {
      await recordAudit(tx, ctx, {
        action: "contacts.import_finished",
        targetType: "contact_import",
        targetId: job.importId,
        metadata: { status: "failed", ...row },
      });
    }
  });
}
