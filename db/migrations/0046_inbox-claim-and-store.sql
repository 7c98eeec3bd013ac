-- Custom SQL migration file, put your code below! --
-- The inbox is the ingest queue (docs/adr/0019). Before, the receiver's one statement wrote the
-- event AND a pg-boss job pointing at it: two rows, seven index entries and two foreign-key locks
-- per acknowledged webhook, then a claim and a completion on the job row. Now the event row is
-- the job: its status says whether it waits ('received'; 'failed' until next_attempt_at), runs
-- ('processing' until claimed_until) or is done; workers claim rows straight from webhook_events.
--
-- 1. The receiver's write: the event alone, with the call it belongs to (order_key). Same rights
--    as before: SECURITY INVOKER (luneo_app, under row-level security), the org's scope entered
--    inside, one round trip, its own transaction when called outside one.
DROP FUNCTION IF EXISTS luneo_store_webhook_event(uuid, text, uuid, text, text, text, text, bytea, jsonb, text, boolean, text, text);
--> statement-breakpoint
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
                              raw_bytes, headers, reject_reason, is_test, order_key)
  VALUES (p_org, p_provider, p_connection, p_kind, p_event_key, p_status, p_raw_body, p_raw_bytes,
          p_headers, p_reject_reason, p_is_test, p_order_key)
  ON CONFLICT (org_id, provider, event_key) DO NOTHING
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION luneo_store_webhook_event(uuid, text, uuid, text, text, text, text, bytea, jsonb, text, boolean, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION luneo_store_webhook_event(uuid, text, uuid, text, text, text, text, bytea, jsonb, text, boolean, text) TO luneo_app;
--> statement-breakpoint
-- 2. The workers' claim (lib/ingest/inbox-worker.ts), as luneo_system (its policy on
--    webhook_events sees every org; it returns ids only). Round robin across the orgs that have
--    events waiting: at most p_per_org of each org, an org's running events counting as turns it
--    already has, so a quiet org's event waits one claim, never another org's burst. An event whose
--    call (order_key) has another event running is not taken: a call's events run one at a time,
--    oldest first. A claim takes the lease (status 'processing', claimed_until) and counts the
--    attempt; an event whose worker died is claimed again when its lease ends. One claimer at a
--    time (an advisory lock held for the claim's few milliseconds): after it, every earlier claim
--    is visible to this one, across worker processes.
CREATE OR REPLACE FUNCTION luneo_claim_inbox_events(p_limit int, p_per_org int, p_lease_seconds int)
RETURNS TABLE (org_id uuid, id uuid, order_key text, attempts int, received_at timestamptz)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
-- The planner sizes "one org's waiting events" by the average org; a bursting org has thousands.
-- With that estimate it read ALL of them by bitmap and sorted them (2.3 ms at 2,000, growing with
-- the backlog) instead of walking the index in order and stopping at p_per_org (0.15 ms, flat).
SET enable_bitmapscan = off
AS $fn$
BEGIN
  -- Each statement of a volatile function sees what committed before it started.
  PERFORM pg_advisory_xact_lock(hashtext('luneo_claim_inbox_events'));
  RETURN QUERY
  WITH RECURSIVE orgs(org) AS (
    -- A loose index scan over the orgs with rows in the queue (webhook_events_waiting_idx).
    (SELECT w.org_id FROM webhook_events w
      WHERE w.status IN ('received', 'processing', 'failed')
      ORDER BY w.org_id LIMIT 1)
    UNION ALL
    SELECT (SELECT w.org_id FROM webhook_events w
             WHERE w.status IN ('received', 'processing', 'failed') AND w.org_id > o.org
             ORDER BY w.org_id LIMIT 1)
      FROM orgs o WHERE o.org IS NOT NULL
  ),
  candidates AS (
    SELECT c.org_id AS c_org, c.id AS c_id, c.received_at AS c_received,
           row_number() OVER (PARTITION BY c.org_id ORDER BY c.received_at, c.id)
             + (SELECT count(*) FROM webhook_events r
                 WHERE r.org_id = c.org_id AND r.status = 'processing' AND r.claimed_until >= now())
             AS turn
      FROM orgs o
     CROSS JOIN LATERAL (
       SELECT w.org_id, w.id, w.received_at FROM webhook_events w
        WHERE w.org_id = o.org
          AND w.status IN ('received', 'processing', 'failed')
          AND (w.status = 'received'
               OR (w.status = 'failed' AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= now()))
               OR (w.status = 'processing' AND w.claimed_until < now()))
          AND (w.order_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM webhook_events a
                 WHERE a.org_id = o.org AND a.status = 'processing' AND a.order_key = w.order_key
                   AND a.claimed_until >= now()))
        ORDER BY w.received_at, w.id
        LIMIT p_per_org
        FOR UPDATE OF w SKIP LOCKED
     ) c
     WHERE o.org IS NOT NULL
  ),
  chosen AS (
    -- Every org's next event, then every org's one after, … up to the limit.
    SELECT c_org, c_id FROM candidates ORDER BY turn, c_received LIMIT p_limit
  )
  UPDATE webhook_events e
     SET status = 'processing',
         attempts = e.attempts + 1,
         claimed_until = now() + p_lease_seconds * interval '1 second'
    FROM chosen
   WHERE e.org_id = chosen.c_org AND e.id = chosen.c_id
  RETURNING e.org_id, e.id, e.order_key, e.attempts, e.received_at;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION luneo_claim_inbox_events(int, int, int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION luneo_claim_inbox_events(int, int, int) TO luneo_system;
--> statement-breakpoint
-- 3. Events acknowledged before this migration wait as pg-boss jobs: their call and retry time move
--    onto the event, their jobs go (the events are claimed from the inbox now). A fresh database has
--    no pg-boss schema yet (pg-boss creates it after these migrations): nothing to move then.
DO $$
BEGIN
  IF to_regclass('pgboss.job') IS NOT NULL THEN
    UPDATE webhook_events e
       SET order_key = j.data->>'orderKey',
           next_attempt_at = CASE WHEN e.status = 'failed' THEN j.start_after END
      FROM pgboss.job j
     WHERE j.name = 'ingest.normalize' AND j.state < 'completed'
       AND e.org_id = (j.data->>'orgId')::uuid AND e.id = (j.data->>'eventId')::uuid;
    -- An event whose job was running when the old worker stopped is simply claimed again.
    DELETE FROM pgboss.job WHERE name = 'ingest.normalize';
  END IF;
END
$$;
--> statement-breakpoint
-- The old fair claim over pg-boss's job table and its two indexes (they slowed every job insert).
DROP FUNCTION IF EXISTS luneo_claim_fair_jobs(text, int, int);
--> statement-breakpoint
DROP INDEX IF EXISTS pgboss.luneo_job_fair_waiting;
--> statement-breakpoint
DROP INDEX IF EXISTS pgboss.luneo_job_fair_active;
