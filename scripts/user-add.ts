/**
 * Creates a staff or admin account.
 *   npm run -s user:add -- --email E --role admin|staff [--department CODE] [--name NAME]
 *                          (--password-stdin | NEW_USER_PASSWORD=… | --password P)
 * Prints one JSON line: {"ok":true,"id","email","role","department","totpSecret","otpauthUri"}.
 * Exit 0 on success, 1 on refused input (e.g. the email exists), 2 on bad usage.
 * `--password` exists for tests; in real use pass the password on stdin or in the variable.
 */
import { parseArgs } from 'node:util';
import * as app from '../src/lib/server/app';
import { config } from '../src/lib/server/config';
import { createStaff } from '../src/lib/server/auth/accounts';

function usage(msg: string): never {
	console.error(`user:add: ${msg}`);
	console.error(
		'usage: npm run -s user:add -- --email E --role admin|staff [--department CODE] [--name NAME] (--password-stdin | NEW_USER_PASSWORD | --password P)'
	);
	process.exit(2);
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const c of process.stdin) chunks.push(c as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

async function main() {
	let args;
	try {
		args = parseArgs({
			options: {
				email: { type: 'string' },
				role: { type: 'string' },
				department: { type: 'string' },
				name: { type: 'string' },
				password: { type: 'string' },
				'password-stdin': { type: 'boolean' }
			},
			strict: true
		}).values;
	} catch (e) {
		usage((e as Error).message);
	}
	if (!args.email) usage('--email is required');
	if (args.role !== 'admin' && args.role !== 'staff') usage('--role must be admin or staff');
	if (args.role === 'staff' && !args.department) usage('--department is required for staff');
	if (args.role === 'admin' && args.department) usage('admin accounts belong to no department');
	const sources = [args['password-stdin'], args.password !== undefined, !!process.env.NEW_USER_PASSWORD].filter(
		Boolean
	).length;
	if (sources === 0) usage('give the password with --password-stdin or NEW_USER_PASSWORD');
	if (sources > 1) usage('give the password one way only');
	const password = args['password-stdin'] ? await readStdin() : (args.password ?? process.env.NEW_USER_PASSWORD ?? '');

	const db = app.open(config.databasePath);
	const r = await createStaff(db, {
		email: args.email,
		role: args.role,
		department: args.department ?? null,
		password,
		displayName: args.name
	});
	db.$client.close();
	if (!r.ok) {
		console.log(JSON.stringify({ ok: false, error: r.error }));
		process.exit(1);
	}
	console.log(
		JSON.stringify({
			ok: true,
			id: r.userId,
			email: args.email.trim().toLowerCase(),
			role: args.role,
			department: args.department ?? null,
			totpSecret: r.totpKey,
			otpauthUri: r.totpUri
		})
	);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
