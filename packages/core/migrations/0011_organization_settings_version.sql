ALTER TABLE "organizations" ADD COLUMN "settings_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "settings_updated_at" timestamp with time zone;