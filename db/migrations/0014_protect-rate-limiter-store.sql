-- rate_limits now has rate-limiter-flexible's shape (0009, 0010). System role only, as in 0001;
-- luneo_app matches no policy and sees nothing. Written to hold whether the table was recreated
-- (its policy dropped with it) or altered in place by a regenerated migration (policy kept, and
-- old fixed-window rows left without an expiry, which would never be cleared: they go).
ALTER TABLE rate_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rate_limits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS system_access ON rate_limits;
--> statement-breakpoint
CREATE POLICY system_access ON rate_limits TO luneo_system USING (true) WITH CHECK (true);
--> statement-breakpoint
DELETE FROM rate_limits WHERE expire IS NULL;
