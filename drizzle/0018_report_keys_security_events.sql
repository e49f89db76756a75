CREATE TABLE `report_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`kind` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`used_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_keys_key_hash_unique` ON `report_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `report_keys_report_idx` ON `report_keys` (`report_id`,`kind`);--> statement-breakpoint
CREATE TABLE `security_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`event` text NOT NULL,
	`user_id` text,
	`ip` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `security_events_at_idx` ON `security_events` (`at`);--> statement-breakpoint
CREATE INDEX `security_events_event_idx` ON `security_events` (`event`,`at`);--> statement-breakpoint
ALTER TABLE `rights_requests` ADD `verified_by` text;--> statement-breakpoint
-- Requests made while the tracking code was enough: the account ones were signed in.
UPDATE `rights_requests` SET `verified_by` = 'account' WHERE `user_id` IS NOT NULL;--> statement-breakpoint
-- Reports filed before private keys existed get an owner key nobody knows (a random hash);
-- their reporters recover through a one-time code sent to the contact they left.
INSERT INTO `report_keys` (`report_id`, `kind`, `key_hash`, `created_at`) SELECT `id`, 'owner', lower(hex(randomblob(32))), `created_at` FROM `reports`;
