import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ownerSql, setupFreshDatabase } from "@/test/db";
import { jsonEqual } from "@/lib/json";
import type { Json } from "./merge-patch";
import { verticalContentSchema } from "./content";
import { carryForward, publishVerticalTemplates, withoutPromoted } from "./publish";
import { TEMPLATE_VERSIONS, type TemplateVersion } from "./templates";

const { url } = await setupFreshDatabase();

// Published template versions are never edited: the database's trigger refuses it (migration
// 0006), and the migrate script's publishing step (publish.ts) stops the start when the code
// holds other content for a published version.

const PUBLISHED_MESSAGE = "is published: add a new version";
const NAMES = TEMPLATE_VERSIONS.map((t) => `${t.slug}/v${t.version}`);

/** Runs `work` and returns what it rejected with (failing the test if it resolved). */
async function rejection(work: () => Promise<unknown>): Promise<postgres.PostgresError | Error> {
  try {
    await work();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal, but the statement succeeded");
}

type Row = { slug: string; version: number; content: Json };

async function publicRows(): Promise<Row[]> {
  return ownerSql()<Row[]>`
    select slug, version, content from public.vertical_templates order by slug, version`;
}

/** The code's content of a version. */
function codeContent(slug: string, version: number): Json {
  const template = TEMPLATE_VERSIONS.find((t) => t.slug === slug && t.version === version);
  return template!.content as unknown as Json;
}

describe("the vertical_templates trigger", () => {
  // The connecting role of the tests owns the database (a superuser locally): row-level security
  // lets it see the rows, so only the trigger stands between it and an edit. Were it subject to
  // row-level security, the statements below would change nothing without an error and fail here.
  it("holds every version in code, as published by the migrations", async () => {
    const rows = await publicRows();
    expect(rows.map((r) => `${r.slug}/v${r.version}`)).toEqual([...NAMES].sort());
    for (const row of rows) {
      expect(jsonEqual(row.content, codeContent(row.slug, row.version))).toBe(true);
    }
  });

  it("refuses any UPDATE of a published version, even one that changes nothing", async () => {
    const sql = ownerSql();
    const before = await publicRows();
    for (const update of [
      () => sql`update vertical_templates set content = '{"x":1}'::jsonb
                 where slug = 'ecommerce' and version = 1`,
      () => sql`update vertical_templates set content = content
                 where slug = 'real-estate' and version = 2`,
      () => sql`update vertical_templates set version = 99 where slug = 'real-estate'`,
    ]) {
      const error = await rejection(update);
      expect(error.message).toContain(PUBLISHED_MESSAGE);
      expect((error as postgres.PostgresError).code).toBe("23000");
    }
    expect(await publicRows()).toEqual(before);
  });

  it("refuses any DELETE of a published version", async () => {
    const sql = ownerSql();
    const before = await publicRows();
    const one = await rejection(
      () => sql`delete from vertical_templates where slug = 'ecommerce' and version = 1`,
    );
    expect(one.message).toContain("vertical template ecommerce/v1 " + PUBLISHED_MESSAGE);
    const all = await rejection(() => sql`delete from vertical_templates`);
    expect(all.message).toContain(PUBLISHED_MESSAGE);
    expect(await publicRows()).toEqual(before);
  });

  it("the app's roles change nothing either (no policy lets them update or delete)", async () => {
    const before = await publicRows();
    for (const role of ["luneo_app", "luneo_system"]) {
      const changed = await ownerSql().begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        const updated = await tx`update vertical_templates set content = '{"x":1}'::jsonb
                                  returning slug`;
        const deleted = await tx`delete from vertical_templates returning slug`;
        return updated.length + deleted.length;
      });
      expect(changed, role).toBe(0);
    }
    expect(await publicRows()).toEqual(before);
  });
});

describe("publishVerticalTemplates", () => {
  // Publishing against a scratch copy of the table (no trigger, no row-level security), found
  // first on the search path, so the published table is never touched. publish.ts switches to
  // luneo_system, which must be able to use the scratch schema (search_path skips a schema its
  // role cannot use, which would silently send the statements to public.vertical_templates).
  let owner: postgres.Sql;
  /** A client like the migrate script's: runMigrations hands it to drizzle() before publishing. */
  let scratch: postgres.Sql;
  /** A postgres.js client as it comes, never given to drizzle(). */
  let plainScratch: postgres.Sql;

  const scratchRows = () =>
    owner<Row[]>`select slug, version, content from scratch.vertical_templates
                  order by slug, version`;

  beforeAll(async () => {
    owner = postgres(url, { max: 1, onnotice: () => {} });
    const scratchClient = () =>
      postgres(url, {
        max: 1,
        onnotice: () => {},
        connection: { search_path: "scratch, public" },
      });
    scratch = scratchClient();
    // drizzle's postgres-js driver makes the client pass json and jsonb parameters through as
    // written, as it does for the migrate script's client (lib/db/migrate.ts).
    drizzle(scratch);
    plainScratch = scratchClient();
    await owner`create schema scratch`;
    await owner`create table scratch.vertical_templates
                  (like public.vertical_templates including all)`;
    await owner`grant usage on schema scratch to luneo_system`;
    await owner`grant select, insert on scratch.vertical_templates to luneo_system`;
  });

  afterAll(async () => {
    await Promise.all([owner, scratch, plainScratch].map((client) => client?.end({ timeout: 5 })));
  });

  beforeEach(async () => {
    await owner`truncate scratch.vertical_templates`;
  });

  it("publishes nothing when the database holds every version already", async () => {
    const before = await publicRows();
    expect(await publishVerticalTemplates(owner)).toEqual({ published: [] });
    expect(await publicRows()).toEqual(before);
  });

  it("publishes the versions the database lacks, then nothing on the next start", async () => {
    const publicBefore = await publicRows();
    expect(await publishVerticalTemplates(scratch)).toEqual({ published: NAMES });
    const rows = await scratchRows();
    expect(rows.map((r) => `${r.slug}/v${r.version}`)).toEqual([...NAMES].sort());
    for (const row of rows) {
      expect(jsonEqual(row.content, codeContent(row.slug, row.version))).toBe(true);
    }
    expect(await publishVerticalTemplates(scratch)).toEqual({ published: [] });
    expect(await scratchRows()).toEqual(rows);
    expect(await publicRows()).toEqual(publicBefore);
  });

  it("publishes only the missing versions when some are there", async () => {
    await owner`insert into scratch.vertical_templates (slug, version, content)
                values ('ecommerce', 1, ${JSON.stringify(codeContent("ecommerce", 1))}::text::jsonb)`;
    expect(await publishVerticalTemplates(scratch)).toEqual({
      published: NAMES.filter((n) => n !== "ecommerce/v1"),
    });
    expect((await scratchRows()).length).toBe(NAMES.length);
  });

  it("stores each version's content as a JSON object, whichever postgres.js client it is given", async () => {
    // publish.ts serialises the content itself (`${JSON.stringify(content)}::jsonb`); a client that
    // also serialises jsonb parameters (postgres.js's default) would store a JSON string instead.
    await publishVerticalTemplates(plainScratch);
    const types = await owner<{ name: string; type: string }[]>`
      select slug || '/v' || version as name, jsonb_typeof(content) as type
        from scratch.vertical_templates order by 1`;
    expect(types).toEqual([...NAMES].sort().map((name) => ({ name, type: "object" })));
    // …and so the next start, with the same client, finds nothing changed.
    expect(await publishVerticalTemplates(plainScratch)).toEqual({ published: [] });
  });

  it("refuses to start when a published version's content differs from the code, publishing nothing", async () => {
    // The last version in code is published with other content after the versions before it:
    // the first statements of the start (none here) roll back with the refusal.
    const last = TEMPLATE_VERSIONS.at(-1)!;
    await publishVerticalTemplates(scratch, TEMPLATE_VERSIONS.slice(0, -1));
    await owner`insert into scratch.vertical_templates (slug, version, content)
                values (${last.slug}, ${last.version}, '{"x":1}'::jsonb)`;
    const before = await scratchRows();
    const error = await rejection(() => publishVerticalTemplates(scratch));
    expect(error.message).toContain(
      `Vertical template ${last.slug}/v${last.version} in code differs from the published one`,
    );
    expect(error.message).toContain("add a new version instead");
    expect(await scratchRows()).toEqual(before);
  });

  it("refuses a code template that uses the promoted answers' keys", async () => {
    const first = TEMPLATE_VERSIONS[0]!;
    const content = structuredClone(first.content);
    content.knowledge["shared-0123456789abcdef"] = { position: 99, question: "Q?", answer: "A." };
    const error = await rejection(() => publishVerticalTemplates(scratch, [{ ...first, content }]));
    expect(error.message).toContain(`uses a knowledge key starting with "shared-"`);
    expect(await scratchRows()).toEqual([]);
  });

  describe("after staff promoted an answer (lib/learning/promote)", () => {
    const last = TEMPLATE_VERSIONS.at(-1)!;
    const promotedKey = "shared-00aa11bb22cc33dd";
    const promotedEntry = { question: "Do you allow pets?", answer: "Most landlords do." };
    /** The code's next version of the trade: its last one with one answer changed. */
    const next = (): TemplateVersion => {
      const content = structuredClone(last.content);
      const [key, entry] = Object.entries(content.knowledge)[0]!;
      content.knowledge[key] = { ...entry, answer: `${entry.answer} (Updated.)` };
      return { slug: last.slug, version: last.version + 1, content };
    };

    beforeEach(async () => {
      await publishVerticalTemplates(scratch);
      // As promoteAnswer does: the latest version plus the entry, under the next number.
      const content = structuredClone(codeContent(last.slug, last.version)) as {
        knowledge: Record<string, Json>;
      };
      content.knowledge[promotedKey] = { position: 999, ...promotedEntry };
      await owner`insert into scratch.vertical_templates (slug, version, content)
                  values (${last.slug}, ${last.version + 1}, ${JSON.stringify(content)}::text::jsonb)`;
    });

    it("starts as before, publishing nothing", async () => {
      const before = await scratchRows();
      expect(await publishVerticalTemplates(scratch)).toEqual({ published: [] });
      expect(await scratchRows()).toEqual(before);
    });

    it("publishes the code's next version under the next free number, carrying the promoted entry", async () => {
      const templates = [...TEMPLATE_VERSIONS, next()];
      const name = `${last.slug}/v${last.version + 2}`;
      expect(await publishVerticalTemplates(scratch, templates)).toEqual({ published: [name] });
      const rows = (await scratchRows()).filter((r) => r.slug === last.slug);
      expect(rows.map((r) => r.version)).toEqual(
        Array.from({ length: last.version + 2 }, (_, i) => i + 1),
      );
      const newest = rows.at(-1)!.content as { knowledge: Record<string, { position: number }> };
      expect(withoutPromoted(newest as unknown as Json)).toEqual(next().content);
      const positions = Object.entries(newest.knowledge)
        .filter(([key]) => key !== promotedKey)
        .map(([, e]) => e.position);
      // After the code's own entries, whatever position it had in the promoted version.
      expect(newest.knowledge[promotedKey]).toEqual({
        ...promotedEntry,
        position: Math.max(...positions) + 1,
      });
      // The next start finds it all published.
      expect(await publishVerticalTemplates(scratch, templates)).toEqual({ published: [] });
      // A rolled-back deploy (code without that version) starts too, publishing nothing.
      expect(await publishVerticalTemplates(scratch)).toEqual({ published: [] });
    });
  });
});

describe("carryForward", () => {
  const code = codeContent("ecommerce", 1) as { knowledge: Record<string, Json> };
  const promoted = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `shared-${String(i).padStart(16, "0")}`,
        { position: 100 + i, question: `Question ${i}?`, answer: `Answer ${i}.` },
      ]),
    );

  it("leaves the code's content as it is when nothing was promoted", () => {
    expect(carryForward(code, code)).toEqual(code);
    expect(carryForward(code, undefined)).toEqual(code);
  });

  it("keeps as many promoted entries as the template's limit allows, never failing", () => {
    const latest = { ...code, knowledge: { ...code.knowledge, ...promoted(60) } };
    const carried = carryForward(code, latest) as { knowledge: Record<string, Json> };
    expect(Object.keys(carried.knowledge)).toHaveLength(50);
    expect(verticalContentSchema.safeParse(carried).success).toBe(true);
    expect(carried.knowledge["shared-0000000000000000"]).toBeDefined();
  });
});
