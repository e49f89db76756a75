CREATE TABLE `survey_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_invites_code` ON `survey_invites` (`survey_id`,`code_hash`);--> statement-breakpoint
CREATE TABLE `survey_population` (
	`town_code` text PRIMARY KEY NOT NULL,
	`population` integer NOT NULL,
	`is_sample` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`public_id` text NOT NULL,
	`token_hash` text,
	`device_hash` text,
	`invite_id` integer,
	`source` text NOT NULL,
	`status` text NOT NULL,
	`page` integer DEFAULT 0 NOT NULL,
	`answers` text NOT NULL,
	`flags` text NOT NULL,
	`locale` text NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`expires_at` integer,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_public_id_unique` ON `survey_responses` (`public_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_token_hash_unique` ON `survey_responses` (`token_hash`);--> statement-breakpoint
CREATE INDEX `survey_responses_survey` ON `survey_responses` (`survey_id`,`status`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`template` text,
	`status` text NOT NULL,
	`definition` text NOT NULL,
	`mapping` text,
	`satisfaction_counts_basic` integer DEFAULT false NOT NULL,
	`group_weights` text NOT NULL,
	`collector_zh` text NOT NULL,
	`collector_en` text NOT NULL,
	`contact` text NOT NULL,
	`retention_days` integer DEFAULT 730 NOT NULL,
	`created_at` integer NOT NULL,
	`opened_at` integer,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_slug_unique` ON `surveys` (`slug`);