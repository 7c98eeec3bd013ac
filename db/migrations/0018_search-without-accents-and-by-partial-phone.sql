-- Search that forgives accents. (A number by its last digits: contact_identities.reversed_value,
-- in the schema.)
--
-- "chloe" finds Chloé, "LEA" finds Léa: names are compared through luneo_search_text(), lower case
-- without accents. unaccent() itself is only STABLE (its dictionary could change), so it cannot
-- be indexed; this wrapper names the dictionary explicitly and is declared IMMUTABLE, the usual
-- PostgreSQL recipe. unaccent is a trusted contrib extension (PostgreSQL 13+): the database owner
-- may create it, on the machine's PostgreSQL 15 as on the embedded PostgreSQL 17.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION luneo_search_text(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
--> statement-breakpoint
-- The name as search compares it, stored: computing unaccent for every row of an org made a
-- search that reads them all (an email part; LIKE is not leakproof, so under row-level security
-- no trigram index narrows it) twice as slow. Declared here, not in db/schema: a generated
-- migration must never depend on this custom function.
ALTER TABLE contacts ADD COLUMN search_name text GENERATED ALWAYS AS (luneo_search_text(name)) STORED;
--> statement-breakpoint
-- Replaces contacts_org_name_trgm_idx (lower(name)): any part of a name, accents or not. Like the
-- index it replaces it serves the search where row-level security does not stand in front of it
-- (LIKE is not leakproof: for luneo_app only its org_id column narrows the scan).
CREATE INDEX contacts_org_name_search_idx ON contacts USING gin (org_id, search_name gin_trgm_ops);
--> statement-breakpoint
DROP INDEX IF EXISTS contacts_org_name_trgm_idx;
