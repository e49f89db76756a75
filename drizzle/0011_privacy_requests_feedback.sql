CREATE TABLE `rights_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`kind` text NOT NULL,
	`tracking_code` text,
	`user_id` text,
	`details` text NOT NULL,
	`contact` text,
	`status` text NOT NULL,
	`due_day` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`closed_by` text,
	`reply` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rights_requests_ref_unique` ON `rights_requests` (`ref`);--> statement-breakpoint
CREATE INDEX `rights_requests_status` ON `rights_requests` (`status`,`due_day`);--> statement-breakpoint
CREATE TABLE `site_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`page_url` text NOT NULL,
	`kind` text NOT NULL,
	`details` text NOT NULL,
	`contact` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`closed_by` text,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `site_feedback_status` ON `site_feedback` (`status`);