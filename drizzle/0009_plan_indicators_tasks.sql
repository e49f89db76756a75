CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_code` text NOT NULL,
	`no` integer NOT NULL,
	`value` real,
	`value_text` text,
	`achieved` integer,
	`as_of` text NOT NULL,
	`period_from` text,
	`period_to` text,
	`source` text NOT NULL,
	`file_id` text,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`corrects_id` integer,
	`correction_reason` text,
	`superseded_at` integer,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_values_by_indicator` ON `indicator_values` (`plan_code`,`no`,`as_of`);--> statement-breakpoint
CREATE TABLE `plan_indicators` (
	`plan_code` text NOT NULL,
	`no` integer NOT NULL,
	`level1` text NOT NULL,
	`level1_en` text NOT NULL,
	`level2` text NOT NULL,
	`level2_en` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`type` text NOT NULL,
	`nature` text NOT NULL,
	`baseline` text NOT NULL,
	`target` text NOT NULL,
	`unit` text,
	`baseline_value` real,
	`target_kind` text NOT NULL,
	`target_value` real,
	`direction` text,
	`responsible` text NOT NULL,
	`responsible_raw` text NOT NULL,
	`note` text,
	`live` text,
	PRIMARY KEY(`plan_code`, `no`),
	FOREIGN KEY (`plan_code`) REFERENCES `plans`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_tasks` (
	`plan_code` text NOT NULL,
	`no` integer NOT NULL,
	`theme` text NOT NULL,
	`task` text NOT NULL,
	`focus` text,
	`subfocus` text,
	`content` text NOT NULL,
	`lead` text NOT NULL,
	`responsible` text NOT NULL,
	`lead_raw` text NOT NULL,
	`responsible_raw` text NOT NULL,
	`deadline` text NOT NULL,
	`due_day` text,
	PRIMARY KEY(`plan_code`, `no`),
	FOREIGN KEY (`plan_code`) REFERENCES `plans`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_themes` (
	`plan_code` text NOT NULL,
	`code` text NOT NULL,
	`zh` text NOT NULL,
	`en` text NOT NULL,
	`ord` integer NOT NULL,
	PRIMARY KEY(`plan_code`, `code`),
	FOREIGN KEY (`plan_code`) REFERENCES `plans`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`code` text PRIMARY KEY NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`baseline_year` integer NOT NULL,
	`target_year` integer NOT NULL,
	`source` text NOT NULL,
	`data_hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `task_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_code` text NOT NULL,
	`no` integer NOT NULL,
	`status` text NOT NULL,
	`note` text NOT NULL,
	`day` text NOT NULL,
	`by` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_updates_by_task` ON `task_updates` (`plan_code`,`no`,`id`);