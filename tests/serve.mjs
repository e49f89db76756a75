// Serves the production build for the browser journeys: a fresh database and file store in
// .e2e/, test mode on (settable clock, outbox reader), the body limit as `npm start` sets it.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

const dir = path.resolve('.e2e');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const port = process.env.E2E_PORT ?? '4317';
const child = spawn(process.execPath, ['build/index.js'], {
	stdio: 'inherit',
	env: {
		...process.env,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: port,
		ORIGIN: `http://127.0.0.1:${port}`,
		DATABASE_PATH: path.join(dir, 'miyun.db'),
		FILES_DIR: path.join(dir, 'files'),
		BODY_SIZE_LIMIT: '40M',
		MIYUN_TEST_MODE: '1',
		// tests never reach outside this machine: tiles come from a closed local port, so the map
		// fails to load exactly as it would with the tile server unreachable
		TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
		SCHEDULER: 'on',
		// every journey submits its reports from 127.0.0.1: the per-address report limit (5 an hour by
		// default, unit-tested in reports.spec.ts) is raised here through configuration, as a
		// deployment behind a shared gateway would, so later journeys are not refused
		RATE_LIMIT_REPORT_HOUR: '100/3600',
		RATE_LIMIT_REPORT_DAY: '400/86400',
		// footer configuration: sponsor and contact set, the record numbers left unset (so hidden)
		SITE_SPONSOR: '北京市密云区生态环境局|Miyun District Ecology and Environment Bureau',
		SITE_CONTACT: '010-69000000（示例 sample）'
	}
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
