-- rate_limits was recreated in rate-limiter-flexible's shape (0009, 0010), which dropped its
-- policy: system role only again; luneo_app matches no policy and sees nothing (as in 0001).
ALTER TABLE rate_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE rate_limits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_access ON rate_limits TO luneo_system USING (true) WITH CHECK (true);
