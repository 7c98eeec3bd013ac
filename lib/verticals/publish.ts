import type { Sql } from "postgres";
import { isJsonObject, jsonEqual, type Json, type JsonObject } from "@/lib/json";
import { log } from "@/lib/log";
import { PROMOTED_KNOWLEDGE_PREFIX, verticalContentSchema } from "./content";
import { TEMPLATE_VERSIONS, type TemplateVersion } from "./templates";

// Publishes the template versions written in code (lib/verticals/templates) that the database
// does not hold yet; run by the migrate script on every start. Two writers number a trade's
// versions: this one, and staff promoting a shared answer (lib/learning/promote/), which takes the
// next number at any time. So a code version is not its stored number: it is published when no
// stored version after the previous code version's holds its content (promoted entries aside),
// and then takes the next free number, carrying forward the entries promoted so far (docs/adr/0006).

const isPromoted = (key: string) => key.startsWith(PROMOTED_KNOWLEDGE_PREFIX);

type Entry = { position: number } & JsonObject;

function knowledgeOf(content: Json): Record<string, Entry> {
  const knowledge = isJsonObject(content) ? content.knowledge : undefined;
  return (isJsonObject(knowledge) ? knowledge : {}) as Record<string, Entry>;
}

/** The content without the entries staff promoted: what code wrote. */
export function withoutPromoted(content: Json): Json {
  if (!isJsonObject(content) || !isJsonObject(content.knowledge)) return content;
  const kept = Object.entries(content.knowledge).filter(([key]) => !isPromoted(key));
  return { ...content, knowledge: Object.fromEntries(kept) };
}

/**
 * The code's content with the promoted entries of `latest` it lacks, after the code's own entries
 * and in their order. Entries beyond the template's limit are left out (they stay in the versions
 * that hold them; staff can promote them again): a promotion never stops a start.
 */
export function carryForward(code: Json, latest: Json | undefined): Json {
  if (latest === undefined || !isJsonObject(code)) return code;
  const own = knowledgeOf(code);
  const promoted = Object.entries(knowledgeOf(latest))
    .filter(([key]) => isPromoted(key) && !(key in own))
    .sort(([a, x], [b, y]) => x.position - y.position || a.localeCompare(b));
  if (promoted.length === 0) return code;
  let next = Math.max(-1, ...Object.values(own).map((e) => e.position)) + 1;
  const knowledge: Record<string, Json> = { ...own };
  const left: string[] = [];
  for (const [key, entry] of promoted) {
    const candidate = { ...code, knowledge: { ...knowledge, [key]: { ...entry, position: next } } };
    if (verticalContentSchema.safeParse(candidate).success) {
      knowledge[key] = { ...entry, position: next++ };
    } else left.push(key);
  }
  if (left.length) log.warn({ left }, "promoted template entries not carried forward: no room");
  return { ...code, knowledge };
}

type Stored = { version: number; content: Json };

/**
 * Publishes the code's versions the database lacks. Refuses to start (publishing nothing) when the
 * code edited a published version: published versions are never edited (the database's trigger
 * refuses it too), so the fix is a new version. A promotion never stops a start.
 */
export async function publishVerticalTemplates(
  sql: Sql,
  templates: readonly TemplateVersion[] = TEMPLATE_VERSIONS,
): Promise<{ published: string[] }> {
  return sql.begin(async (tx) => {
    await tx`set local role luneo_system`;
    const published: string[] = [];
    for (const slug of new Set(templates.map((t) => t.slug))) {
      // Serialised with promotions of the trade, which read the latest number and write the next.
      await tx`select pg_advisory_xact_lock(hashtext(${`vertical-template:${slug}`}))`;
      const code = templates
        .filter((t) => t.slug === slug)
        .sort((a, b) => a.version - b.version)
        .map((t) => ({
          version: t.version,
          name: `${slug}/v${t.version}`,
          content: t.content as unknown as Json,
        }));
      for (const t of code) {
        if (!jsonEqual(withoutPromoted(t.content), t.content)) {
          throw new Error(
            `Vertical template ${t.name} in code uses a knowledge key starting with ` +
              `"${PROMOTED_KNOWLEDGE_PREFIX}", which is kept for answers promoted by staff.`,
          );
        }
      }
      const rows = await tx<Stored[]>`
        select version, content from vertical_templates where slug = ${slug} order by version`;
      let after = 0;
      for (const t of code) {
        const match = rows.find(
          (r) => r.version > after && jsonEqual(withoutPromoted(r.content), t.content),
        );
        if (match) {
          after = match.version;
          continue;
        }
        // Its number held by a version code wrote (no promoted entries) with other content: the
        // code edited a published version. (Once promotions shifted the numbers, an edit is caught
        // by templates.test.ts's pinned hashes instead.) A rolled-back deploy, lacking the newest
        // versions, starts: versions the code does not know are left as they are.
        const same = rows.find((r) => r.version === t.version);
        if (same && jsonEqual(withoutPromoted(same.content), same.content)) {
          throw new Error(
            `Vertical template ${t.name} in code differs from the published one. Published ` +
              `versions are never edited: restore it and add a new version instead.`,
          );
        }
        const latest = rows.at(-1);
        const row = {
          version: (latest?.version ?? 0) + 1,
          content: carryForward(t.content, latest?.content),
        };
        // Sent as text and cast: correct whether or not the client serialises jsonb itself (Drizzle
        // turns that off on the client it wraps; a plain postgres.js client would encode it twice).
        await tx`insert into vertical_templates (slug, version, content)
                 values (${slug}, ${row.version}, ${JSON.stringify(row.content)}::text::jsonb)`;
        rows.push(row);
        after = row.version;
        published.push(`${slug}/v${row.version}`);
      }
    }
    return { published };
  });
}
