import type { Sql } from "postgres";
import { jsonEqual } from "@/lib/json";
import type { Json } from "./merge-patch";
import { TEMPLATE_VERSIONS } from "./templates";

/**
 * Publishes the template versions written in code (lib/verticals/templates) that the database does
 * not hold yet; run by the migrate script on every start. A version already published with other
 * content stops the start: published versions are never edited (the database's trigger refuses it
 * too), so the fix is a new version.
 */
export async function publishVerticalTemplates(sql: Sql): Promise<{ published: string[] }> {
  return sql.begin(async (tx) => {
    await tx`set local role luneo_system`;
    const rows = await tx<{ slug: string; version: number; content: Json }[]>`
      select slug, version, content from vertical_templates`;
    const stored = new Map(rows.map((r) => [`${r.slug}/v${r.version}`, r.content]));
    const published: string[] = [];
    for (const template of TEMPLATE_VERSIONS) {
      const name = `${template.slug}/v${template.version}`;
      const content = template.content as unknown as Json;
      const existing = stored.get(name);
      if (existing === undefined) {
        // Sent as text and cast: correct whether or not the client serialises jsonb itself (Drizzle
        // turns that off on the client it wraps; a plain postgres.js client would encode it twice).
        await tx`insert into vertical_templates (slug, version, content)
                 values (${template.slug}, ${template.version}, ${JSON.stringify(content)}::text::jsonb)`;
        published.push(name);
      } else if (!jsonEqual(existing, content)) {
        throw new Error(
          `Vertical template ${name} in code differs from the published one. Published versions ` +
            `are never edited: restore it and add version ${template.version + 1} instead.`,
        );
      }
    }
    return { published };
  });
}
