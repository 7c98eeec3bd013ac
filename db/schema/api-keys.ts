import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenantOrgId } from "./columns";
import { users } from "./tenancy";

export const apiKeys = pgTable(
  "api_keys",
  {
    orgId: tenantOrgId(),
    id: uuid().notNull().defaultRandom(),
    name: text().notNull(),
    scopes: text().array().notNull(),
    // sha256 of the secret part of the key. The key is high-entropy, so a fast hash is enough
    // (a slow KDF would only slow down every API request).
    secretHash: text().notNull(),
    lastFour: text().notNull(),
    /**
     * Null: issued by Luneo staff (`npm run staff -- api-key`, lib/staff/provisioning.ts). Such a
     * key answers to no member, so no removal revokes it; the org's admins revoke it like any other.
     */
    createdBy: uuid().references(() => users.id),
    /**
     * Who answers for the key when its creator was removed from the org and the remover chose to
     * keep it (lib/tenancy/manage-members.ts). `createdBy` never changes, so the list still says who
     * made the key. A key works only while this person (or, when null, its creator) is a member.
     */
    handedOverTo: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("api_keys_org_created_idx").on(t.orgId, t.createdAt),
    index("api_keys_created_by_idx").on(t.orgId, t.createdBy),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
