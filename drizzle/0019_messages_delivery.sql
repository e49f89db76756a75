CREATE TABLE `message_prefs` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`email` integer NOT NULL,
	`sms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `message_prefs_user_idx` ON `message_prefs` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `report_follows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_code` text NOT NULL,
	`email` text NOT NULL,
	`token` text NOT NULL,
	`locale` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_follows_token_unique` ON `report_follows` (`token`);--> statement-breakpoint
CREATE INDEX `report_follows_code_idx` ON `report_follows` (`report_code`,`email`);--> statement-breakpoint
CREATE TABLE `short_links` (
	`token` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `site_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `template` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `params` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `locale` text;--> statement-breakpoint
CREATE INDEX `outbox_recipient_idx` ON `outbox` (`recipient`);