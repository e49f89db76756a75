CREATE TABLE `cell_answers` (
	`application_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`value` text,
	`note` text,
	`review_value` text,
	`review_comment` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`application_id`, `criterion_id`),
	FOREIGN KEY (`application_id`) REFERENCES `cell_applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `cell_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_no` text,
	`org_id` text NOT NULL,
	`cell_type` text NOT NULL,
	`criteria_version_id` integer NOT NULL,
	`status` text NOT NULL,
	`reopened` text,
	`info_due_day` text,
	`site_visit_day` text,
	`site_visit_findings` text,
	`notice_ends_at` integer,
	`decision_reason` text,
	`cert_no` text,
	`verify_token` text,
	`certified_at` integer,
	`expires_at` integer,
	`revoked_at` integer,
	`renewal_of` integer,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	`updated_at` integer NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criteria_version_id`) REFERENCES `cell_criteria_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cell_applications_case_no_unique` ON `cell_applications` (`case_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `cell_applications_cert_no_unique` ON `cell_applications` (`cert_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `cell_applications_verify_token_unique` ON `cell_applications` (`verify_token`);--> statement-breakpoint
CREATE INDEX `cell_apps_org_idx` ON `cell_applications` (`org_id`);--> statement-breakpoint
CREATE INDEX `cell_apps_type_status_idx` ON `cell_applications` (`cell_type`,`status`);--> statement-breakpoint
CREATE TABLE `cell_criteria_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cell_type` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cell_criteria_type_version_idx` ON `cell_criteria_versions` (`cell_type`,`version`);--> statement-breakpoint
CREATE TABLE `cell_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	`actor` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `cell_applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cell_events_app_idx` ON `cell_events` (`application_id`);--> statement-breakpoint
CREATE TABLE `cell_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`file_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `cell_applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cell_evidence_app_idx` ON `cell_evidence` (`application_id`);--> statement-breakpoint
CREATE INDEX `cell_evidence_file_idx` ON `cell_evidence` (`file_id`);--> statement-breakpoint
CREATE TABLE `cell_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`at` integer NOT NULL,
	`reason` text NOT NULL,
	`contact` text,
	`status` text NOT NULL,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` integer,
	FOREIGN KEY (`application_id`) REFERENCES `cell_applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cell_objections_app_idx` ON `cell_objections` (`application_id`);