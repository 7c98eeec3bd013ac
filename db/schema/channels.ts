import {
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";

export type Provider = "twilio" | "vapi";

export type TwilioConfig = {
  accountSid: string;
  phoneNumbers: string[];
  /** Where calls go when no agent is configured (a human). E.164. */
  fallbackNumber: string | null;
};

export type VapiAuthMode = "x-vapi-secret" | "bearer" | "hmac";
export type VapiConfig = {
  authMode: VapiAuthMode;
  /** HMAC mode: header carrying the hex signature, and optional header carrying a timestamp. */
  signatureHeader: string | null;
  timestampHeader: string | null;
  assistantId: string | null;
  /** SIP URI Twilio dials to hand a call to the VAPI agent, e.g. sip:shop@sip.vapi.ai */
  sipAddress: string | null;
};

// One connection per provider per org. `endpoint_id` is the unguessable path segment of the
// webhook URLs; like API keys it names its org, so routing a webhook needs no cross-tenant lookup.
export const channelConnections = pgTable(
  "channel_connections",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    provider: text({ enum: ["twilio", "vapi"] }).notNull(),
    endpointId: text().notNull(),
    config: jsonb().$type<TwilioConfig | VapiConfig>().notNull(),
    /**
     * VAPI only, optional: the org's private API key, encrypted (lib/channels/credentials.ts), used
     * to check the credentials (lib/health). Never shown again once saved.
     */
    apiKeyCiphertext: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex("channel_connections_org_provider_key").on(t.orgId, t.provider),
    uniqueIndex("channel_connections_org_endpoint_key").on(t.orgId, t.endpointId),
  ],
);

// Provider credentials, encrypted (lib/crypto/secrets.ts). Several rows per connection during a
// rotation: the new one (expires_at null) and the old ones until their grace period ends.
export const channelSecrets = pgTable(
  "channel_secrets",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    connectionId: uuid().notNull(),
    ciphertext: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("channel_secrets_connection_idx").on(t.orgId, t.connectionId, t.createdAt.desc()),
    foreignKey({
      columns: [t.orgId, t.connectionId],
      foreignColumns: [channelConnections.orgId, channelConnections.id],
    }).onDelete("cascade"),
  ],
);

export type ChannelConnection = typeof channelConnections.$inferSelect;
