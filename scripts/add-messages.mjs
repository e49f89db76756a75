// Adds or updates messages in both locale files, keeping keys sorted.
// Usage: node scripts/add-messages.mjs file.json   where file.json is {"key": ["中文", "English"], ...}
import fs from 'node:fs';
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const [locale, idx] of [
	['zh-CN', 0],
	['en', 1]
]) {
	const file = `messages/${locale}.json`;
	const cur = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	for (const [k, v] of Object.entries(input)) cur[k] = v[idx];
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropped on purpose
	const { $schema, ...rest } = cur;
	const sorted = Object.fromEntries(
		Object.keys(rest)
			.sort()
			.map((k) => [k, rest[k]])
	);
	fs.writeFileSync(
		file,
		JSON.stringify({ $schema: 'https://inlang.com/schema/inlang-message-format', ...sorted }, null, '\t') + '\n'
	);
}
console.log(`${Object.keys(input).length} messages written`);
