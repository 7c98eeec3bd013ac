-- Row-level security for the contacts and memory tables (see 0001_enable-row-level-security.sql).
SELECT luneo_protect_tenant_table('contact_identities');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('contact_segments');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('contact_merges');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('contact_imports');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('contact_memory');
--> statement-breakpoint
SELECT luneo_protect_tenant_table('contact_facts');
--> statement-breakpoint
-- Search by any part of a name or an email (ILIKE '%…%'), served by trigram indexes.
CREATE INDEX contacts_org_name_trgm_idx ON contacts USING gin (org_id, lower(name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX contacts_org_email_trgm_idx ON contacts USING gin (org_id, lower(email) gin_trgm_ops);
--> statement-breakpoint
-- Every existing phone and email becomes an identity of its contact.
INSERT INTO contact_identities (org_id, kind, value, contact_id)
  SELECT org_id, 'phone', phone_e164, id FROM contacts WHERE phone_e164 IS NOT NULL
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO contact_identities (org_id, kind, value, contact_id)
  SELECT org_id, 'email', lower(email), id FROM contacts WHERE email IS NOT NULL
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Channels already used, from the conversations ingestion created before this column existed.
UPDATE contacts c SET channels = sub.channels
  FROM (SELECT org_id, contact_id, array_agg(DISTINCT channel) AS channels
          FROM conversations WHERE contact_id IS NOT NULL GROUP BY org_id, contact_id) sub
 WHERE c.org_id = sub.org_id AND c.id = sub.contact_id;
