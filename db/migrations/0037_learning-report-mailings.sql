CREATE TABLE "learning_report_mailings" (
	"org_id" uuid NOT NULL,
	"week" text NOT NULL,
	"recipients" integer NOT NULL,
	"queued_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_report_mailings_org_id_week_pk" PRIMARY KEY("org_id","week")
);
--> statement-breakpoint
ALTER TABLE "learning_report_mailings" ADD CONSTRAINT "learning_report_mailings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_signals_org_outcome_occurred_idx" ON "learning_signals" USING btree ("org_id","outcome","occurred_at");