CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`public_note` text,
	`internal_note` text,
	`actor` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_events_report_idx` ON `report_events` (`report_id`);--> statement-breakpoint
CREATE TABLE `report_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`stage` text NOT NULL,
	`file_id` text NOT NULL,
	`original_file_id` text,
	`hidden` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_zones` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`zh` text NOT NULL,
	`en` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`radius_m` integer NOT NULL,
	`is_sample` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`town_code` text NOT NULL,
	`zone_code` text,
	`zone_kind` text NOT NULL,
	`department_code` text,
	`status` text NOT NULL,
	`contact` text,
	`locale` text NOT NULL,
	`duplicate_of` integer,
	`assignee` text,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	`resolved_at` integer,
	`due_day` text,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`confirmed_at` integer,
	`hidden` integer DEFAULT false NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`department_code`) REFERENCES `departments`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_code_unique` ON `reports` (`code`);--> statement-breakpoint
CREATE INDEX `reports_dept_status_idx` ON `reports` (`department_code`,`status`);--> statement-breakpoint
CREATE INDEX `reports_created_idx` ON `reports` (`created_at`);--> statement-breakpoint
CREATE TABLE `routing_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category` text NOT NULL,
	`zone_kind` text NOT NULL,
	`department` text NOT NULL
);
