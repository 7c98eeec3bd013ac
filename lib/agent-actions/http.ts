import type { TenantContext } from "@/lib/context";
import { parseInput } from "@/lib/parse-input";
import type { ExecutionAnswer } from "./execute";
import type { CatalogEntry } from "./queries";
import { idempotencyKeySchema } from "./schemas";

// The response types of /api/v1/actions (docs/api/actions.md).

export type ApiCatalogResponse = { data: Omit<CatalogEntry, "config">[] };
export type ApiExecuteResponse = { data: ExecutionAnswer };

/** The catalog as the API gives it: an action's configuration stays in the dashboard. */
export const toApiCatalog = (entries: CatalogEntry[]): ApiCatalogResponse["data"] =>
  entries.map(({ config: _config, ...entry }) => entry);

/** `api:<key id>:<Idempotency-Key>`: one key's keys never meet another's. */
export function apiIdempotencyKey(ctx: TenantContext, header: string | null): string | undefined {
  if (header === null) return undefined;
  const key = parseInput(idempotencyKeySchema, header);
  return `api:${ctx.actor.type === "api_key" ? ctx.actor.keyId : ctx.actor.type}:${key}`;
}
