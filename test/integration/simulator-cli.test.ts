// `smsdesk sim`: spawned as a real process, talked to with the official twilio client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import twilio from 'twilio';
import { main } from '../../src-main/cli/main.ts';

interface SimLine {
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  scenario: string | null;
  numbers: string[] | null;
}

test('smsdesk sim --port 0 prints one JSON line, serves the Twilio API, and exits cleanly on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['bin/smsdesk.mjs', 'sim', '--port', '0', '--scenario', 'demo'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  const info = JSON.parse(first) as SimLine;
  assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(info.url, `http://127.0.0.1:${info.port}`);
  assert.match(info.accountSid, /^AC[0-9a-f]{32}$/);
  assert.ok(info.authToken.length > 0);
  assert.equal(info.scenario, 'demo');
  assert.ok(info.numbers?.includes('+61480000101'));

  const client = twilio(info.accountSid, info.authToken, { timeout: 5000 });
  client.api.baseUrl = info.url;
  const history = await client.messages.list({ from: '+61480000101' });
  assert.ok(history.length > 0, 'demo history is there');
  const m = await client.messages.create({ to: '+61491572549', from: '+61480000202', body: 'Hi Lucas' });
  assert.match(m.sid, /^SM[0-9a-f]{32}$/);

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  assert.equal(code, 0, stderr);
});

function memoryIo(): { io: Parameters<typeof main>[1]; err: () => string } {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {} }, err: () => err };
}

test('smsdesk sim: unknown flags and bad values are usage errors (exit 2)', async () => {
  for (const args of [['--bogus'], ['--port', 'x'], ['--faults', '500=2'], ['--account', 'ACnope'], ['--port']]) {
    const { io, err } = memoryIo();
    assert.equal(await main(['sim', ...args], io), 2, args.join(' '));
    assert.match(err(), /^smsdesk sim: /);
  }
});
