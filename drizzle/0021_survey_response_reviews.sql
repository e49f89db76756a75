CREATE TABLE `survey_response_reviews` (
	`response_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `survey_responses`(`id`) ON UPDATE no action ON DELETE cascade
);
