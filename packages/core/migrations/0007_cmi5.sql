CREATE TYPE "public"."cmi5_launch_method" AS ENUM('AnyWindow', 'OwnWindow');--> statement-breakpoint
CREATE TYPE "public"."cmi5_launch_mode" AS ENUM('Normal', 'Browse', 'Review');--> statement-breakpoint
CREATE TYPE "public"."cmi5_move_on" AS ENUM('NotApplicable', 'Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed');--> statement-breakpoint
CREATE TYPE "public"."cmi5_package_source" AS ENUM('zip', 'xml');--> statement-breakpoint
CREATE TYPE "public"."cmi5_session_end" AS ENUM('terminated', 'abandoned');--> statement-breakpoint
CREATE TABLE "cmi5_au_progress" (
	"organization_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"au_id" uuid NOT NULL,
	"first_launched_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"passed_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"score_scaled" double precision,
	"waived_at" timestamp with time zone,
	"waived_reason" text,
	"satisfied_at" timestamp with time zone,
	CONSTRAINT "cmi5_au_progress_registration_id_au_id_pk" PRIMARY KEY("registration_id","au_id")
);
--> statement-breakpoint
CREATE TABLE "cmi5_aus" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"publisher_id" text NOT NULL,
	"block_id" uuid,
	"position" integer NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"url" text NOT NULL,
	"launch_method" "cmi5_launch_method" NOT NULL,
	"move_on" "cmi5_move_on" NOT NULL,
	"mastery_score" double precision,
	"launch_parameters" text,
	"entitlement_key" text,
	"activity_type" text,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cmi5_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"publisher_id" text NOT NULL,
	"title" jsonb NOT NULL,
	"position" integer NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cmi5_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"publisher_id" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb NOT NULL,
	"structure" jsonb NOT NULL,
	"current_version" integer NOT NULL,
	"current_package_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cmi5_offerings" (
	"organization_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"offered_by" uuid,
	"offered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cmi5_offerings_course_id_class_id_pk" PRIMARY KEY("course_id","class_id")
);
--> statement-breakpoint
CREATE TABLE "cmi5_package_files" (
	"organization_id" uuid NOT NULL,
	"package_id" uuid NOT NULL,
	"path" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	CONSTRAINT "cmi5_package_files_package_id_path_pk" PRIMARY KEY("package_id","path")
);
--> statement-breakpoint
CREATE TABLE "cmi5_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"source" "cmi5_package_source" NOT NULL,
	"filename" text NOT NULL,
	"byte_size" integer NOT NULL,
	"file_count" integer NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cmi5_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"satisfied_at" timestamp with time zone,
	"satisfied_block_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cmi5_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"au_id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"launch_mode" "cmi5_launch_mode" NOT NULL,
	"move_on" "cmi5_move_on" NOT NULL,
	"mastery_score" double precision,
	"fetch_secret_hash" text NOT NULL,
	"token_secret_hash" text,
	"token_issued_at" timestamp with time zone,
	"launched_at" timestamp with time zone NOT NULL,
	"last_activity_at" timestamp with time zone NOT NULL,
	"preferences_requested_at" timestamp with time zone,
	"initialized" boolean DEFAULT false NOT NULL,
	"defined_verbs" text[] DEFAULT '{}'::text[] NOT NULL,
	"ended" "cmi5_session_end",
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cmi5_au_progress" ADD CONSTRAINT "cmi5_au_progress_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_au_progress" ADD CONSTRAINT "cmi5_au_progress_registration_id_cmi5_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."cmi5_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_au_progress" ADD CONSTRAINT "cmi5_au_progress_au_id_cmi5_aus_id_fk" FOREIGN KEY ("au_id") REFERENCES "public"."cmi5_aus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_aus" ADD CONSTRAINT "cmi5_aus_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_aus" ADD CONSTRAINT "cmi5_aus_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_aus" ADD CONSTRAINT "cmi5_aus_block_id_cmi5_blocks_id_fk" FOREIGN KEY ("block_id") REFERENCES "public"."cmi5_blocks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_blocks" ADD CONSTRAINT "cmi5_blocks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_blocks" ADD CONSTRAINT "cmi5_blocks_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_courses" ADD CONSTRAINT "cmi5_courses_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_offerings" ADD CONSTRAINT "cmi5_offerings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_offerings" ADD CONSTRAINT "cmi5_offerings_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_offerings" ADD CONSTRAINT "cmi5_offerings_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_offerings" ADD CONSTRAINT "cmi5_offerings_offered_by_users_id_fk" FOREIGN KEY ("offered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_package_files" ADD CONSTRAINT "cmi5_package_files_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_package_files" ADD CONSTRAINT "cmi5_package_files_package_id_cmi5_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."cmi5_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_packages" ADD CONSTRAINT "cmi5_packages_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_packages" ADD CONSTRAINT "cmi5_packages_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_packages" ADD CONSTRAINT "cmi5_packages_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_registrations" ADD CONSTRAINT "cmi5_registrations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_registrations" ADD CONSTRAINT "cmi5_registrations_course_id_cmi5_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."cmi5_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_registrations" ADD CONSTRAINT "cmi5_registrations_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_registration_id_cmi5_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."cmi5_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_au_id_cmi5_aus_id_fk" FOREIGN KEY ("au_id") REFERENCES "public"."cmi5_aus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_learner_id_users_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cmi5_aus_publisher_unique" ON "cmi5_aus" USING btree ("course_id","publisher_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cmi5_blocks_publisher_unique" ON "cmi5_blocks" USING btree ("course_id","publisher_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cmi5_courses_publisher_unique" ON "cmi5_courses" USING btree ("organization_id","publisher_id");--> statement-breakpoint
CREATE INDEX "cmi5_offerings_class_idx" ON "cmi5_offerings" USING btree ("class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cmi5_packages_version_unique" ON "cmi5_packages" USING btree ("course_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "cmi5_registrations_learner_unique" ON "cmi5_registrations" USING btree ("course_id","learner_id");--> statement-breakpoint
CREATE INDEX "cmi5_sessions_registration_idx" ON "cmi5_sessions" USING btree ("registration_id","au_id");