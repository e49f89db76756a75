ALTER TABLE `reports` ADD `due_at` integer;--> statement-breakpoint
-- existing deadlines were district days: the end of that day in Asia/Shanghai (UTC+8, no DST),
-- 23:59:59+08:00 = 15:59:59Z, in milliseconds like every timestamp_ms column
UPDATE `reports` SET `due_at` = unixepoch(`due_day` || ' 15:59:59') * 1000 WHERE `due_day` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` DROP COLUMN `due_day`;
