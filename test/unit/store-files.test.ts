// Issue 14 findings 6 and 7 (the files beside the data): key and secret files written atomically,
// an empty secret.key left by a failed start no longer blocks later starts, a corrupted
// secrets.json is kept aside and said so (other accounts' tokens are not silently dropped), a key
// readable by others is made private, the database is created 0600, and a database newer than the
// app is really left untouched (its journal mode included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EncryptedFileSecretStore, KeyFileCipher } from '../../src-main/app/secret-store.ts';
import { secretStoreFor } from '../../src-main/cli/serve-command.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { DatabaseNewerThanAppError } from '../../src-main/db/migrate.ts';
import { migrations } from '../../src-main/db/migrations/index.ts';
import { DISK_FULL_MESSAGE, isDiskFull } from '../../src-main/app-error.ts';
import { toIpcError } from '../../src-main/ipc/registry.ts';
import { httpStatusOf } from '../../src-main/ipc/web-host.ts';
import { sha256 } from '../support/cli-run.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-files-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('issue 14 finding 6: an empty secret.key left by a start that failed (full disk) does not block the next start', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'secret.key'), '', { mode: 0o600 });
  const secrets = secretStoreFor(join(dir, 'desk.db'), false);
  await secrets.set('gateway:AC1:authToken', 'token-one');
  assert.equal(await secrets.get('gateway:AC1:authToken'), 'token-one');
  assert.equal(readFileSync(join(dir, 'secret.key')).length, 32);
  assert.match((secrets.warnings ?? []).join('\n'), /secret\.key was empty .*a new key was made/);
});

test('issue 14 finding 6: the key and secrets files are written whole or not at all (no temporary files left, 0600)', async (t) => {
  const dir = tempDir(t);
  const secrets = secretStoreFor(join(dir, 'desk.db'), false);
  await secrets.set('gateway:AC1:authToken', 'token-one');
  await secrets.set('gateway:AC2:authToken', 'token-two');
  assert.deepEqual(readdirSync(dir).sort(), ['secret.key', 'secrets.json']);
  for (const f of ['secret.key', 'secrets.json']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  // A second process starting at the same time keeps the first one's key.
  const again = new KeyFileCipher(join(dir, 'secret.key'));
  assert.equal(again.decrypt(Buffer.from((JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>)['gateway:AC1:authToken']!, 'base64')), 'token-one');
});

test('issue 14 finding 7: a corrupted secrets.json is kept aside and said so, never silently replaced', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'secrets.json');
  const cipher = new KeyFileCipher(join(dir, 'secret.key'));
  writeFileSync(path, '{"gateway:AC1:authToken":"AAAA", "gateway:AC2:auth', { mode: 0o600 });
  const store = new EncryptedFileSecretStore(path, cipher, () => Date.UTC(2026, 11, 4, 22, 0, 0));
  const aside = join(dir, 'secrets.json.unreadable-20261204T220000Z');
  assert.ok(existsSync(aside), readdirSync(dir).join(', '));
  assert.equal(readFileSync(aside, 'utf8'), '{"gateway:AC1:authToken":"AAAA", "gateway:AC2:auth');
  assert.match(store.warnings.join('\n'), /could not be read \(corrupted\); it was kept as .*unreadable-20261204T220000Z and the stored gateway credentials must be entered again/);
  await store.set('gateway:AC3:authToken', 'token-three');
  assert.equal(readFileSync(aside, 'utf8').length > 0, true, 'the kept copy is not overwritten by the next save');
});

test('issue 14 finding 7: a secret.key (or secrets.json) readable by other users is made private again, and said so', async (t) => {
  const dir = tempDir(t);
  const keyPath = join(dir, 'secret.key');
  new KeyFileCipher(keyPath);
  chmodSync(keyPath, 0o644);
  const cipher = new KeyFileCipher(keyPath);
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  assert.match(cipher.warnings.join('\n'), /readable by other users; it is now readable by this user only \(0600\)/);
});

test('issue 14 finding 7: a new database file is created 0600 (with its WAL)', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'desk.db');
  const db = openDatabase(path);
  db.prepare('SELECT 1').get();
  assert.equal(statSync(path).mode & 0o777, 0o600);
  if (existsSync(`${path}-wal`)) assert.equal(statSync(`${path}-wal`).mode & 0o777, 0o600);
  db.close();
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('creating')), [], 'no temporary file left');
});

test('issue 14 finding 7: a newer database in rollback-journal mode is refused and really left untouched (no switch to WAL)', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'future.db');
  const raw = new Database(path);
  raw.pragma('journal_mode = DELETE');
  raw.exec('CREATE TABLE t (a); INSERT INTO t VALUES (1);');
  raw.pragma(`user_version = ${migrations.length + 90}`);
  raw.close();
  const before = sha256(path);
  assert.throws(() => openDatabase(path), (e: unknown) => e instanceof DatabaseNewerThanAppError && /left untouched/.test(e.message));
  assert.equal(sha256(path), before);
  assert.equal(existsSync(`${path}-wal`), false);
  assert.equal(existsSync(`${path}-shm`), false);
});

test('issue 14 finding 6: SQLITE_FULL and ENOSPC reach the UI as DISK_FULL with a plain sentence (HTTP 507), not a generic 500', () => {
  const sqliteFull = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  assert.ok(isDiskFull(sqliteFull) && isDiskFull(enospc) && isDiskFull(new Error('wrapped', { cause: enospc })));
  const logged: string[] = [];
  const log = { info: () => {}, error: (m: string) => logged.push(m) };
  for (const err of [sqliteFull, enospc]) {
    const e = toIpcError(err, { log }, 'leads.create');
    assert.deepEqual(e, { code: 'DISK_FULL', message: DISK_FULL_MESSAGE });
    assert.equal(httpStatusOf({ stage: 'handler', result: { ok: false, error: e } }), 507);
  }
  assert.equal(DISK_FULL_MESSAGE, 'The disk is full: nothing was lost. Free some space and try again.');
  assert.equal(logged.length, 2, 'the cause still goes to the log');
});
