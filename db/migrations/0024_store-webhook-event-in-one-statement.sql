-- Custom SQL migration file, put your code below! --
-- The webhook receiver's write (lib/webhooks/inbox-store.ts storeEvent) as ONE statement: the raw
-- event and, for a new accepted one, its ingest job, committed together. Called outside a
-- transaction it is its own transaction: one round trip instead of begin, scope, insert, insert,
-- commit. The org boundary stays inside PostgreSQL: the function runs with the caller's rights
-- (SECURITY INVOKER: luneo_app, under row-level security) and enters the org's scope itself before
-- writing, so the insert is checked by webhook_events' policy like any tenant write.
--
-- The job row is written as pg-boss 10's own insert writes it (node_modules/pg-boss/src/plans.js
-- insertJob) with the queue's policy; lib/webhooks/store-event.test.ts compares it with a job
-- pg-boss inserts itself, so an upgrade that changes the table fails a test, not the product.
CREATE OR REPLACE FUNCTION luneo_store_webhook_event(
  p_org uuid,
  p_provider text,
  p_connection uuid,
  p_kind text,
  p_event_key text,
  p_status text,
  p_raw_body text,
  p_raw_bytes bytea,
  p_headers jsonb,
  p_reject_reason text,
  p_is_test boolean,
  p_queue text,
  p_order_key text
) RETURNS uuid
LANGUAGE plpgsql
SECURITY INVOKER
AS $fn$
DECLARE
  v_id uuid;
BEGIN
  PERFORM set_config('role', 'luneo_app', true), set_config('app.org_id', p_org::text, true);
  INSERT INTO webhook_events (org_id, provider, connection_id, kind, event_key, status, raw_body,
                              raw_bytes, headers, reject_reason, is_test)
  VALUES (p_org, p_provider, p_connection, p_kind, p_event_key, p_status, p_raw_body, p_raw_bytes,
          p_headers, p_reject_reason, p_is_test)
  ON CONFLICT (org_id, provider, event_key) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NULL OR p_status <> 'received' THEN
    RETURN v_id;
  END IF;
  INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on,
                          dead_letter, expire_in, keep_until, retry_limit, retry_delay,
                          retry_backoff, policy)
  SELECT gen_random_uuid(), q.name,
         jsonb_build_object('orgId', p_org, 'eventId', v_id)
           || CASE WHEN p_order_key IS NULL THEN '{}'::jsonb
                   ELSE jsonb_build_object('orderKey', p_order_key) END,
         0, now(), NULL, NULL, q.dead_letter,
         COALESCE(q.expire_seconds, 900) * interval '1s',
         now() + COALESCE(q.retention_minutes * 60, 1209600) * interval '1s',
         COALESCE(q.retry_limit, 2),
         CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(COALESCE(q.retry_delay, 0), 1)
              ELSE COALESCE(q.retry_delay, 0) END,
         COALESCE(q.retry_backoff, false),
         q.policy
    FROM pgboss.queue q
   WHERE q.name = p_queue;
  IF NOT FOUND THEN
    -- The migrate step creates every queue; without it the event must not be acknowledged.
    RAISE EXCEPTION 'job queue % does not exist', p_queue;
  END IF;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION luneo_store_webhook_event(uuid, text, uuid, text, text, text, text, bytea, jsonb, text, boolean, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION luneo_store_webhook_event(uuid, text, uuid, text, text, text, text, bytea, jsonb, text, boolean, text, text) TO luneo_app;
