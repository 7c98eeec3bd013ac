-- Custom SQL migration file, put your code below! --
-- The raw event body (a 21 kB VAPI end-of-call-report is typical) is compressed by PostgreSQL on
-- every webhook the receiver stores; with the default pglz that compression was the largest cost
-- of the store statement (pgbench of luneo_store_webhook_event with a 21 kB body: ~1,300 tps with
-- pglz, ~2,300 with lz4; bench/README.md "Receiver at 70 %"). lz4 compresses several times faster
-- for a slightly larger result. Only values written from now on use it; stored ones stay readable
-- as they are (no rewrite, a catalog change under a brief lock).
-- A server built without lz4 (the embedded PostgreSQL of local installs) refuses the method: the
-- column keeps pglz there, which is correct, only slower.
DO $$
BEGIN
  ALTER TABLE webhook_events ALTER COLUMN raw_body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 not available on this server: webhook_events.raw_body keeps pglz';
END
$$;
