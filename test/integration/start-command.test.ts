// `npm start` (smsdesk start) as a new user runs it on a machine where the Electron binary cannot
// be had: it builds the app screens when they are missing or stale, says plainly that Electron is
// not available, and serves the same app, on the built-in demo gateway, to the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { developmentScripts } from '../../src-main/cli/renderer-freshness.ts';
import { electronBinary } from '../../src-main/cli/electron-binary.ts';

const skip = 'path' in electronBinary() ? 'the Electron binary is installed here: npm start would open the desktop app (see test/electron)' : false;

test('npm start without the Electron binary: rebuilds stale screens, says so plainly, serves the app on the demo gateway', { skip, timeout: 180_000 }, async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'smsdesk-start-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  // Screens older than their sources (as after a pull): start must build them again.
  const index = join('dist', 'renderer', 'index.html');
  const wasBuilt = existsSync(index);
  if (wasBuilt) utimesSync(index, 1, 1);

  const child = spawn(process.execPath, ['bin/smsdesk.mjs', 'start', '--port', '0'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SMSDESK_DATA_DIR: data, SMSDESK_SKIP_ELECTRON_DOWNLOAD: '1', SMSDESK_DB: join(data, 'desk.db') },
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const said: string[] = [];
  let info: { url: string; port: number; token: string } | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{')) {
      info = JSON.parse(line) as { url: string; port: number; token: string };
      break;
    }
    said.push(line);
  }
  assert.ok(info, `no JSON line; stderr: ${stderr}`);
  assert.match(said.join('\n'), /Electron binary not available .*serving the same app in your browser/);
  const why = wasBuilt ? 'the app screens are older than their sources' : 'the app screens are not built yet';
  assert.ok(stderr.includes(`building the app screens (vite build): ${why}`), stderr);
  assert.ok(statSync(index).mtimeMs > 1_000, 'dist/renderer was built again');
  assert.match(info.url, new RegExp(`^http://127\\.0\\.0\\.1:${info.port}/#token=${info.token}$`));

  const origin = `http://127.0.0.1:${info.port}`;
  const page = await fetch(`${origin}/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<title>Dealer SMS Desk<\/title>[\s\S]*<script defer src="\.\/assets\/index-[^"]+\.js"><\/script>/);
  // This test runs under npm test's NODE_ENV=test: what it builds is still React's production build,
  // so the next npm start (and packaging) never serves a development bundle as fresh.
  assert.equal(process.env.NODE_ENV, 'test');
  const script = await (await fetch(`${origin}/${/<script defer src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)![1]}`)).text();
  assert.ok(script.length > 1000, 'the served script');
  assert.ok(!script.includes('Download the React DevTools'), "the served bundle is React's production build");
  // The screens' first paint waits for this script to run: the phone metadata (shared/phone.ts, main's
  // to use) and the reply classifier's vocabulary stay out of it.
  assert.ok(!script.includes('country_calling_codes'), 'no phone metadata in the renderer bundle');
  assert.ok(!script.includes('QWERTYUIOP'), "no reply classifier's vocabulary in the renderer bundle");
  assert.deepEqual(developmentScripts(join('dist', 'renderer')), [], 'no development build is left in dist/renderer');
  const res = await fetch(`${origin}/api/leads.list`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${info.token}`, 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ query: '', offset: 0, limit: 5 }),
  });
  const body = (await res.json()) as { ok: boolean; value: { total: number; items: unknown[] } };
  assert.equal(body.ok, true);
  assert.ok(body.value.total > 0 && body.value.items.length === 5, 'the demo leads are there');
  const status = (await (
    await fetch(`${origin}/api/sync.status`, { method: 'POST', headers: { Authorization: `Bearer ${info.token}`, 'Content-Type': 'application/json', Origin: origin }, body: '{}' })
  ).json()) as { value: { gateway: string } };
  assert.equal(status.value.gateway, 'simulator', 'no credentials: the built-in demo gateway');

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0, stderr);
});
