/** The notice form: its zod schema (messages are error keys) and the reader that adds the optional attachment. */
import { z } from 'zod';
import * as files from '../files';
import { one, parseForm, type FieldErrors, type FormValues } from '../forms';

export const noticeForm = z.object({
	titleZh: one(z.string().trim().min(1, 'required').max(120, 'too_long')),
	titleEn: one(z.string().trim().min(1, 'required').max(160, 'too_long')),
	bodyZh: one(z.string().trim().min(1, 'required').max(20000, 'too_long')),
	bodyEn: one(z.string().trim().min(1, 'required').max(30000, 'too_long'))
});
export type NoticeInput = z.output<typeof noticeForm>;
export const NOTICE_FIELDS = ['titleZh', 'titleEn', 'bodyZh', 'bodyEn'] as const;

/** The texts parsed with parseForm; the attachment (only when the texts are good) through the files pipeline. */
export async function readNoticeForm(
	form: FormData
): Promise<
	| { ok: true; input: NoticeInput; document: files.PreparedFile | null }
	| { ok: false; values: FormValues; errors: FieldErrors }
> {
	const f = parseForm(noticeForm, form, NOTICE_FIELDS);
	if (!f.ok) return f;
	const upload = form.get('document');
	if (!(upload instanceof File) || upload.size === 0) return { ok: true, input: f.data, document: null };
	const p = await files.prepare({ bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name }, 'document');
	if (!p.ok) return { ok: false, values: f.values, errors: { document: `doc_${p.error}` } };
	return { ok: true, input: f.data, document: p.file };
}
