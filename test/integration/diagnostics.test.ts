// Issue 14 finding 8: the log goes to rotating files in the user-data folder (logs/ beside the
// database, electron-log), and "Export diagnostics" writes a file for support that never holds a
// credential: not the auth token, not its Basic-auth form, not a token that reached the log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from '../../src-main/app/start-web-host.ts';
import { secretStoreFor } from '../../src-main/cli/serve-command.ts';
import { fileLogger, LOG_ARCHIVES, LOG_MAX_BYTES } from '../../src-main/app/file-log.ts';
import { redactSecrets } from '../../src-main/diagnostics/redact.ts';

const quiet = { info: () => {}, error: () => {} };

test('issue 14 finding 8: Export diagnostics never includes credentials, even ones that reached the log', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-diag-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'desk.db');
  const accountSid = `AC${'1'.repeat(32)}`;
  const token = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const oddToken = 'Pa55-word_not-hex!';
  const host = await startWebHost({ dbPath: db, port: 0, demo: false, secrets: secretStoreFor(db, false), background: false, backups: false, staticRoot: null });
  t.after(() => host.close());
  const invoke = async (channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }> =>
    (await host.app.invoke(channel, input)) as never;
  const gw = await invoke('settings.createGatewayAccount', { accountSid, label: 'Group gateway' });
  assert.ok(gw.ok, JSON.stringify(gw));
  const gatewayAccountId = ((await invoke('settings.get', {})).value as { gatewayAccounts: { id: number }[] }).gatewayAccounts[0]!.id;
  const set = await invoke('settings.setCredentials', { gatewayAccountId, authToken: token });
  assert.ok(set.ok, JSON.stringify(set));
  const second = await invoke('settings.createGatewayAccount', { accountSid: `AC${'2'.repeat(32)}`, label: 'Other' });
  const otherId = ((await invoke('settings.get', {})).value as { gatewayAccounts: { id: number }[] }).gatewayAccounts[1]!.id;
  assert.ok(second.ok);
  await invoke('settings.setCredentials', { gatewayAccountId: otherId, authToken: oddToken });

  // Credentials in every form a careless log line could carry them.
  const basic = Buffer.from(`${accountSid}:${token}`).toString('base64');
  host.app.ctx.log.error('gateway said 401', new Error(`GET https://${accountSid}:${token}@api.twilio.com/ Authorization: Basic ${basic}`));
  host.app.ctx.log.info(`retrying with token=${token} and ${oddToken}`);

  const logFile = join(dir, 'logs', 'main.log');
  assert.ok(existsSync(logFile), 'the log is written to logs/ beside the database');
  const logged = readFileSync(logFile, 'utf8');
  assert.match(logged, /gateway said 401/);
  assert.ok(!logged.includes(token) && !logged.includes(basic), 'the log file itself holds no token');
  assert.equal(statSync(logFile).mode & 0o777, 0o600);

  const r = await invoke('diagnostics.export', {});
  assert.ok(r.ok, JSON.stringify(r));
  const { path, bytes } = r.value as { path: string; bytes: number };
  assert.equal(path.startsWith(join(dir, 'diagnostics')), true);
  const text = readFileSync(path, 'utf8');
  assert.equal(Buffer.byteLength(text), bytes);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  for (const secret of [token, basic, oddToken, encodeURIComponent(oddToken), token.slice(0, 16)]) {
    assert.ok(!text.includes(secret), `the export contains ${secret}`);
  }
  const report = JSON.parse(text) as { database: { quickCheck: string; schemaVersion: number }; settings: { gatewayAccounts: { credentialsConfigured: boolean }[] }; log: { lines: string[] }[] };
  assert.equal(report.database.quickCheck, 'ok');
  assert.ok(report.database.schemaVersion > 0);
  assert.deepEqual(report.settings.gatewayAccounts.map((g) => g.credentialsConfigured), [true, true]);
  assert.ok(report.log.flatMap((f) => f.lines).some((l) => l.includes('gateway said 401')), 'the recent log lines are in it');
});

test('issue 14 finding 8: the log files rotate: main.log up to 1 MB, then main.1.log ... main.4.log, the oldest dropped', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-logrot-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = fileLogger(dir, undefined, quiet);
  const line = 'x'.repeat(1000);
  for (let i = 0; i < 7 * 1100; i++) log.info(`${i} ${line}`);
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['main.1.log', 'main.2.log', 'main.3.log', 'main.4.log', 'main.log'].slice(0, LOG_ARCHIVES + 1));
  for (const f of files) assert.ok(statSync(join(dir, f)).size <= LOG_MAX_BYTES + 4096, `${f} is ${statSync(join(dir, f)).size} bytes`);
  writeFileSync(join(dir, 'unrelated.txt'), 'x');
});

test('redactSecrets: Basic and Bearer credentials, user:password@ in URLs, token=..., 32-hex tokens; SIDs are kept', () => {
  const sid = `SM${'a'.repeat(32)}`;
  assert.equal(redactSecrets(`Authorization: Basic QUMxMjM6c2VjcmV0 for ${sid}`), `Authorization: Basic [redacted] for ${sid}`);
  assert.equal(redactSecrets('https://AC1:s3cr3t@api.twilio.com/x'), 'https://AC1:[redacted]@api.twilio.com/x');
  assert.equal(redactSecrets('GET /api/_events?token=abcDEF123'), 'GET /api/_events?token=[redacted]');
  assert.equal(redactSecrets(`{"authToken":"${'f'.repeat(32)}"}`), '{"authToken":"[redacted]"}');
  assert.equal(redactSecrets(`token ${'0'.repeat(32)} end`), 'token [redacted] end');
});
