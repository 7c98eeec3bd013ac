import "server-only";
import type postgres from "postgres";
import type { Provider, TwilioConfig, VapiConfig, WebhookEventStatus } from "@/db/schema";
import { decryptChannelSecret } from "@/lib/channels/credentials";
import type { VerticalContent } from "@/lib/verticals/content";

// SQL of the webhook hot path, on postgres.js directly: one transaction per request, its first
// statement entering the org's tenant scope (as withTenant does), so RLS applies here too.

export type Endpoint = {
  orgId: string;
  orgName: string;
  orgSlug: string;
  orgCountry: string;
  /** IANA time zone of the business (opening hours are read in it). */
  orgTimezone: string;
  connectionId: string;
  /** The unguessable path segment of the org's webhook URLs (lib/channels/queries.ts). */
  endpointId: string;
  config: TwilioConfig | VapiConfig;
  secrets: string[];
  /** When the first of `secrets` stops being valid (end of a rotation's grace); null: never. */
  secretsValidUntil: Date | null;
};

declare const webhookScope: unique symbol;

/**
 * The webhook path's tenant transaction: postgres.js's transaction plus the org it is scoped to
 * (as lib/db/scopes.ts TenantTx is for Drizzle). Helpers read the org from it; only
 * webhookTransaction makes one, so the org cannot disagree with the scope.
 */
export type WebhookTx = postgres.TransactionSql & {
  readonly orgId: string;
  readonly [webhookScope]: true;
};

export function webhookTransaction<T>(
  sql: postgres.Sql,
  orgId: string,
  work: (tx: WebhookTx) => Promise<T>,
) {
  return sql.begin(async (plain) => {
    // postgres.js makes a new transaction function per transaction: the org is fixed on it.
    const tx = Object.defineProperty(plain, "orgId", { value: orgId }) as WebhookTx;
    // Not awaited on its own: postgres.js sends a transaction's queries in order on its one
    // connection, so the scope is set before the first query of `work`, in the same round trip.
    // `execute()` queues it now: a postgres.js query is sent when first awaited, and `work` awaits
    // its own first query before Promise.all gets to this one (that query then ran unscoped, as
    // the connecting role, until the pool logged in as luneo_app: docs/adr/0009).
    const scope =
      tx`select set_config('role', 'luneo_app', true), set_config('app.org_id', ${orgId}, true)`.execute();
    const [, result] = await Promise.all([scope, work(tx)]);
    return result;
  }) as Promise<T>;
}

export async function loadEndpoint(
  tx: WebhookTx,
  provider: Provider,
  endpointId: string,
): Promise<Endpoint | null> {
  const { orgId } = tx;
  const [row] = await tx<
    {
      id: string;
      config: TwilioConfig | VapiConfig;
      name: string;
      slug: string;
      country: string;
      timezone: string;
      secrets: string[] | null;
      valid_until: Date | null;
    }[]
  >`
    select c.id, c.config, o.name, o.slug, o.country, o.timezone,
           (select array_agg(s.ciphertext order by s.created_at desc)
              from channel_secrets s
             where s.org_id = c.org_id and s.connection_id = c.id
               and (s.expires_at is null or s.expires_at > now())) as secrets,
           (select min(s.expires_at) from channel_secrets s
             where s.org_id = c.org_id and s.connection_id = c.id and s.expires_at > now()) as valid_until
      from channel_connections c
      join orgs o on o.id = c.org_id
     where c.org_id = ${orgId} and c.provider = ${provider} and c.endpoint_id = ${endpointId}`;
  if (!row) return null;
  return {
    orgId,
    orgName: row.name,
    orgSlug: row.slug,
    orgCountry: row.country,
    orgTimezone: row.timezone,
    connectionId: row.id,
    endpointId,
    config: row.config,
    secrets: (row.secrets ?? []).map((c) => decryptChannelSecret(c, orgId, row.id)),
    secretsValidUntil: row.valid_until,
  };
}

/**
 * The org's agent configuration as stored (resolved when it was edited; never merged here), null
 * until it chooses a vertical. Read only by assistant-request: every other VAPI message is
 * acknowledged without unpacking it.
 */
export async function loadAgentConfig(
  tx: WebhookTx,
): Promise<{ resolved: VerticalContent | null; templateSlug: string | null }> {
  const [row] = await tx<{ resolved: VerticalContent | null; template_slug: string | null }[]>`
    select resolved, template_slug from org_verticals where org_id = ${tx.orgId}`;
  return { resolved: row?.resolved ?? null, templateSlug: row?.template_slug ?? null };
}

export type NewEvent = {
  provider: Provider;
  kind: string;
  eventKey: string;
  status: Extract<WebhookEventStatus, "received" | "rejected">;
  rawBody: string;
  /** The exact bytes, when `rawBody` is not them (receive.ts storableBody). */
  rawBytes?: Buffer | null;
  headers: Record<string, string>;
  rejectReason?: string;
  /** Luneo's own test event (lib/channels/test-marker.ts). */
  isTest?: boolean;
  /**
   * The provider's call id: the events of one call are processed one at a time, in the order
   * received (lib/ingest/inbox-worker.ts). None for events that need no order among themselves.
   */
  orderKey?: string | null;
};

/**
 * Inserts the raw event, which is also its processing job: an accepted event waits in the inbox
 * until a worker claims it (docs/adr/0019). One statement (luneo_store_webhook_event, migration
 * 0046): on the pool it is its own transaction, one round trip; in a webhook transaction it
 * commits with the rest. The function enters the org's scope itself, so the write is under
 * row-level security either way. A redelivery (same event key) inserts nothing.
 */
export async function storeEvent(
  db: postgres.Sql | WebhookTx,
  endpoint: Endpoint,
  event: NewEvent,
): Promise<{ eventId: string | null; duplicate: boolean }> {
  const [row] = await db<{ id: string | null }[]>`
    select luneo_store_webhook_event(
      ${endpoint.orgId}, ${event.provider}, ${endpoint.connectionId}, ${event.kind},
      ${event.eventKey}, ${event.status}, ${event.rawBody}, ${event.rawBytes ?? null},
      ${db.json(event.headers)}, ${event.rejectReason ?? null}, ${event.isTest ?? false},
      ${event.orderKey ?? null}
    ) as id`;
  const eventId = row?.id ?? null;
  return { eventId, duplicate: eventId === null };
}
