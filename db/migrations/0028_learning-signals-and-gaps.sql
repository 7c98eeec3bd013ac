CREATE TABLE "learning_gaps" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"language" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"canonical_question" text NOT NULL,
	"signal_count" integer DEFAULT 0 NOT NULL,
	"caller_count" integer DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp (3) with time zone NOT NULL,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	"impact" real DEFAULT 0 NOT NULL,
	"answer" text,
	"knowledge_id" text,
	"dismiss_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_gaps_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "learning_signals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"contact_id" uuid,
	"channel" text NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"outcome" text NOT NULL,
	"language" text NOT NULL,
	"detector" text NOT NULL,
	"detector_version" smallint NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL,
	"gap_id" uuid,
	"asked_again" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_signals_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "learning_gaps" ADD CONSTRAINT "learning_gaps_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_gaps" ADD CONSTRAINT "learning_gaps_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_signals" ADD CONSTRAINT "learning_signals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_gaps_org_status_impact_idx" ON "learning_gaps" USING btree ("org_id","status","impact" DESC NULLS LAST,"last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "learning_gaps_decided_by_idx" ON "learning_gaps" USING btree ("org_id","decided_by");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_signals_org_conversation_seq_key" ON "learning_signals" USING btree ("org_id","conversation_id","seq");--> statement-breakpoint
CREATE INDEX "learning_signals_org_gap_idx" ON "learning_signals" USING btree ("org_id","gap_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "learning_signals_org_occurred_idx" ON "learning_signals" USING btree ("org_id","occurred_at" DESC NULLS LAST);