import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export const files = sqliteTable(
	'files',
	{
		/** random, unguessable; also the URL id */
		id: text('id').primaryKey(),
		/** the feature that owns the file and decides who may see it (e.g. `reports`) */
		feature: text('feature').notNull(),
		/** the owning record's id, set once the record exists */
		ownerId: text('owner_id'),
		kind: text('kind', { enum: ['image', 'document'] }).notNull(),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		width: integer('width'),
		height: integer('height'),
		sha256: text('sha256').notNull(),
		/** path under FILES_DIR */
		storagePath: text('storage_path').notNull(),
		/** the uploader's file name, cleaned; used only for the download name */
		originalName: text('original_name'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('files_owner_idx').on(t.feature, t.ownerId)]
);
