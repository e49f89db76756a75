/** Reads the notice form: texts validated, the optional attachment through the files pipeline. */
import * as files from '../files';
import { validate, NOTICE_FIELDS, type NoticeInput } from './service';

export async function readNoticeForm(
	form: FormData
): Promise<
	| { ok: true; input: NoticeInput; document: files.PreparedFile | null }
	| { ok: false; values: Record<string, string>; errors: Record<string, string> }
> {
	const values = Object.fromEntries(NOTICE_FIELDS.map((k) => [k, String(form.get(k) ?? '')]));
	const v = validate(values);
	const errors: Record<string, string> = v.ok ? {} : v.errors;
	let document: files.PreparedFile | null = null;
	const upload = form.get('document');
	if (!Object.keys(errors).length && upload instanceof File && upload.size > 0) {
		const p = await files.prepare({ bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name }, 'document');
		if (p.ok) document = p.file;
		else errors.document = `doc_${p.error}`;
	}
	if (!v.ok || Object.keys(errors).length) return { ok: false, values, errors };
	return { ok: true, input: v.input, document };
}
