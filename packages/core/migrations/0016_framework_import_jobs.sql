CREATE TABLE "framework_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"source_name" text NOT NULL,
	"package" jsonb,
	"provider_url" text,
	"stage" text DEFAULT 'queued' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"framework_id" uuid,
	"summary" jsonb,
	"failure" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "framework_imports" ADD CONSTRAINT "framework_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "framework_imports" ADD CONSTRAINT "framework_imports_framework_id_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."frameworks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "framework_imports_pending_idx" ON "framework_imports" USING btree ("stage","created_at");--> statement-breakpoint
CREATE INDEX "framework_imports_requested_by_idx" ON "framework_imports" USING btree ("organization_id","requested_by","created_at");