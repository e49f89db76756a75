import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium-headless-shell', args: ['--no-sandbox','--disable-gpu'] });
const base = process.argv[2];
for (const path of ['/', '/sort', '/report', '/indicators', '/plan/tasks', '/points', '/sort/quiz', '/reports', '/cells', '/login']) {
  const row = [path];
  for (const js of [false, true]) {
    const ctx = await b.newContext({ javaScriptEnabled: js, serviceWorkers: 'block' });
    const p = await ctx.newPage();
    const cdp = await ctx.newCDPSession(p);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    await p.goto(base + path);
    if (js) await p.waitForFunction(() => document.body.dataset.hydrated !== undefined || true);
    await p.waitForTimeout(300);
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    row.push(`${js ? 'js' : 'nojs'} task ${(m.TaskDuration*1000).toFixed(0)} script ${(m.ScriptDuration*1000).toFixed(0)} layout ${(m.LayoutDuration*1000).toFixed(0)} style ${(m.RecalcStyleDuration*1000).toFixed(0)} wall ${Date.now()-t0}`);
    await ctx.close();
  }
  console.log(row.join(' | '));
}
await b.close();
