// Fair claiming for jobs that belong to an org (lib/jobs/fair-worker.ts). pg-boss's own fetch takes
// the oldest jobs of a queue first: one org's burst of 2,000 events then delays every other org by
// the whole burst. This claim takes, at each call, at most `per_org` jobs from EVERY org that has
// some waiting, oldest org first, so a quiet org's event waits one claim, not a burst.
//
// It also keeps the order of one call: a job whose `orderKey` (a provider's call id) has another job
// active is not taken, and the worker runs the jobs of one key it took together in order. One
// claimer at a time (an advisory lock held for the few milliseconds of the claim) makes that check
// see every claim committed before it, across worker processes.
//
// Installed by the migrate step after pg-boss has created its schema (lib/db/migrate.ts): these
// objects live in pg-boss's schema, which our drizzle migrations run before. Every statement is
// idempotent. Tied to pg-boss 10's job table (`state`, `started_on`, `retry_count` as its own
// fetch sets them: node_modules/pg-boss/src/plans.js fetchNextJob); fair-worker.test.ts runs it
// against the real queue.

export const FAIR_CLAIM_DDL = [
  // The loose index scan over orgs with waiting jobs, and each org's oldest jobs.
  `create index if not exists luneo_job_fair_waiting
     on pgboss.job (name, (data->>'orgId'), created_on)
     where state < 'active'`,
  // "Is a job of this call already running?"
  `create index if not exists luneo_job_fair_active
     on pgboss.job (name, (data->>'orgId'), (data->>'orderKey'))
     where state = 'active'`,
  `create or replace function luneo_claim_fair_jobs(p_queue text, p_limit int, p_per_org int)
   returns table (id uuid, data jsonb, retry_count int, retry_limit int, created_on timestamptz)
   language plpgsql volatile as $fn$
   begin
     -- Each statement of a volatile function sees what committed before it started: after this
     -- lock, every earlier claim (and the 'active' rows it made) is visible to the next one.
     perform pg_advisory_xact_lock(hashtext('luneo_claim_fair_jobs'), hashtext(p_queue));
     return query
     with recursive orgs(org) as (
       (select w.data->>'orgId' from pgboss.job w
         where w.name = p_queue and w.state < 'active' and w.data->>'orgId' is not null
         order by w.data->>'orgId' limit 1)
       union all
       select (select w.data->>'orgId' from pgboss.job w
                where w.name = p_queue and w.state < 'active' and w.data->>'orgId' > o.org
                order by w.data->>'orgId' limit 1)
         from orgs o where o.org is not null
     ),
     candidates as (
       select c.id as cid, c.created_on as c_created, o.org,
              -- An org's running jobs count as turns it already has: with one free slot, the
              -- org with nothing running goes before the one whose backlog is merely older.
              row_number() over (partition by o.org order by c.created_on, c.id)
                + (select count(*) from pgboss.job r
                    where r.name = p_queue and r.state = 'active' and r.data->>'orgId' = o.org)
                as turn
         from orgs o
         cross join lateral (
           select w.id, w.created_on from pgboss.job w
            where w.name = p_queue and w.state < 'active' and w.start_after < now()
              and w.data->>'orgId' = o.org
              and (w.data->>'orderKey' is null or not exists (
                    select 1 from pgboss.job a
                     where a.name = p_queue and a.state = 'active'
                       and a.data->>'orgId' = o.org and a.data->>'orderKey' = w.data->>'orderKey'))
            order by w.created_on, w.id
            limit p_per_org
            for update of w skip locked
         ) c
        where o.org is not null
     ),
     chosen as (
       -- Round robin: every org's next job, then every org's one after, … up to the limit.
       select cid from candidates order by turn, c_created limit p_limit
     )
     update pgboss.job j
        set state = 'active',
            started_on = now(),
            retry_count = case when j.started_on is not null then j.retry_count + 1 else j.retry_count end
       from chosen
      where j.name = p_queue and j.id = chosen.cid
     returning j.id, j.data, j.retry_count, j.retry_limit, j.created_on;
   end
   $fn$`,
  `revoke all on function luneo_claim_fair_jobs(text, int, int) from public`,
  `grant execute on function luneo_claim_fair_jobs(text, int, int) to luneo_system`,
] as const;
