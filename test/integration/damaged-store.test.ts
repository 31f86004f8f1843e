// Issue 14 finding 5: a damaged database is never used. `smsdesk serve` on a file with garbage in
// the middle, or on a 0-byte file, refuses to start with a message naming the file and the two ways
// on (restore the automatic backup, or start a new store keeping the damaged one aside), writes
// nothing to it and seeds no demo over it. `smsdesk db check|backup|restore|set-aside` then get
// the user going again; the app keeps daily backups by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';
import { DatabaseDamagedError } from '../../src-main/db/database-errors.ts';
import { backupNow, listBackups } from '../../src-main/db/backups.ts';
import { manualClock } from '../../src-main/clock.ts';
import { runCli, sha256 } from '../support/cli-run.ts';
import { acquireInstanceLock } from '../../src-main/db/instance-lock.ts';

const DAY = 86_400_000;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-damaged-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A store with 3,000 customers (a file of ~1.5 MB), closed cleanly (WAL checkpointed). */
function storeWithCustomers(path: string, count = 3000): void {
  const db = openDatabase(path);
  const store = createStore(db);
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      store.customers.insert({ firstName: `First${i}`, lastName: `Surname-${'x'.repeat(200)}-${i}`, mobile: null, email: null }, 1_000 + i);
    }
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function customerCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** 64 KB of garbage at 40 % of the file: the header still reads, the b-trees do not. */
function damageMiddle(path: string): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(size * 0.4 / 4096) * 4096);
  } finally {
    closeSync(fd);
  }
}

test('issue 14 finding 5: serve refuses a database with garbage in the middle, names the file and what to do, and writes nothing to it', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'desk.db');
  storeWithCustomers(db);
  damageMiddle(db);
  const before = sha256(db);

  const run = await runCli(['serve', '--db', db, '--port', '0', '--memory-secrets']);
  assert.equal(run.served, null, 'the app must not start on a damaged file');
  assert.equal(run.code, 1);
  assert.ok(run.stderr.includes(`The database ${db} is damaged`), run.stderr);
  assert.match(run.stderr, /did not start on it and did not change it/);
  assert.match(run.stderr, /smsdesk db restore --db/);
  assert.match(run.stderr, /smsdesk db set-aside --db/);
  assert.equal(sha256(db), before, 'the damaged file is byte for byte as it was');
  assert.equal(existsSync(`${db}-wal`), false, 'not even a WAL was started on it');
});

test('issue 14 finding 5: a 0-byte database file is refused, not taken for a new store: no demo is seeded over it', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'desk.db');
  writeFileSync(db, '');
  for (const args of [[], ['--no-demo']]) {
    const run = await runCli(['serve', '--db', db, '--port', '0', '--memory-secrets', ...args]);
    assert.equal(run.served, null, `the app must not start on an empty file (${args.join(' ') || 'default demo'})`);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(`The database ${db} is damaged: the file is empty (0 bytes)`), run.stderr);
    assert.equal(statSync(db).size, 0, 'nothing was written into it');
  }
});

test('openDatabase refuses a damaged file with DatabaseDamagedError that points at the newest backup', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'desk.db');
  storeWithCustomers(path, 2500);
  const clock = manualClock(Date.UTC(2026, 11, 1, 12));
  const good = openDatabase(path);
  return backupNow(good, path, clock).then((b) => {
    good.close();
    damageMiddle(path);
    assert.throws(() => openDatabase(path), (e: unknown) => {
      assert.ok(e instanceof DatabaseDamagedError, String(e));
      assert.equal(e.path, path);
      assert.equal(e.newestBackup?.path, b.path);
      assert.ok(e.message.includes(`restore the newest automatic backup (${b.path}, taken 2026-12-01)`), e.message);
      return true;
    });
  });
});

test('daily backups: one per UTC day, taken with the online backup API, 0600, the newest seven kept', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'desk.db');
  storeWithCustomers(path, 50);
  const db = openDatabase(path);
  t.after(() => db.close());
  const clock = manualClock(Date.UTC(2026, 10, 20, 9));
  for (let day = 0; day < 10; day++) {
    await backupNow(db, path, clock);
    clock.advance(DAY);
  }
  const list = listBackups(path);
  assert.deepEqual(list.map((b) => b.day), ['2026-11-29', '2026-11-28', '2026-11-27', '2026-11-26', '2026-11-25', '2026-11-24', '2026-11-23']);
  for (const b of list) {
    assert.equal(statSync(b.path).mode & 0o777, 0o600);
    assert.equal(customerCount(b.path), 50);
  }
  assert.deepEqual(readdirSync(join(dir, 'backups')).filter((f) => !f.endsWith('.db')), [], 'no partial files left');
});

test('issue 14 finding 5: smsdesk db check finds the damage, restore brings back the newest backup (the damaged file kept aside), serve starts on it', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'desk.db');
  storeWithCustomers(path, 2500);
  const backup = await runCli(['db', 'backup', '--db', path]);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, /backup written: .*backups\/desk-\d{4}-\d{2}-\d{2}\.db/);
  damageMiddle(path);
  const damagedHash = sha256(path);

  const check = await runCli(['db', 'check', '--db', path]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /DAMAGED/);
  assert.match(check.stdout, /Backups in .* \(newest first\)/);

  const refusedBackup = await runCli(['db', 'backup', '--db', path]);
  assert.equal(refusedBackup.code, 1, 'a damaged store is not backed up over the good backups');
  assert.equal(listBackups(path).length, 1);

  const restore = await runCli(['db', 'restore', '--db', path]);
  assert.equal(restore.code, 0, restore.stderr);
  const kept = /the file that was there is kept as (.*)\n/.exec(restore.stdout)?.[1];
  assert.ok(kept && existsSync(kept), restore.stdout);
  assert.equal(sha256(kept), damagedHash, 'the damaged file is kept, not deleted');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(customerCount(path), 2500);
  assert.equal((await runCli(['db', 'check', '--db', path])).code, 0);

  const served = await runCli(['serve', '--db', path, '--port', '0', '--memory-secrets', '--no-demo']);
  assert.ok(served.served, `serve starts on the restored store; stderr: ${served.stderr}`);
});

test('issue 14 finding 5: smsdesk db set-aside keeps the damaged file and the next start makes a new store', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'desk.db');
  writeFileSync(path, '');
  const aside = await runCli(['db', 'set-aside', '--db', path]);
  assert.equal(aside.code, 0, aside.stderr);
  assert.equal(existsSync(path), false);
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('desk.db.damaged-')).length, 1);
  const served = await runCli(['serve', '--db', path, '--port', '0', '--memory-secrets', '--no-demo']);
  assert.ok(served.served, served.stderr);
  assert.equal(statSync(path).mode & 0o777, 0o600, 'a new database file is readable by this user only');
});

test('issue 14: smsdesk db restore and set-aside refuse to move a database an app has open (the single-instance lock), and move nothing', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'desk.db');
  storeWithCustomers(path, 10);
  const db = openDatabase(path);
  await backupNow(db, path, manualClock(Date.UTC(2026, 11, 1, 12)));
  db.close();
  const before = sha256(path);
  const lock = acquireInstanceLock(path, { command: 'smsdesk serve (test)' });
  try {
    for (const action of ['restore', 'set-aside']) {
      const run = await runCli(['db', action, '--db', path]);
      assert.equal(run.code, 1, `${action}: ${run.stdout}`);
      assert.match(run.stderr, /smsdesk serve \(test\)/, `${action} says who has it open: ${run.stderr}`);
      assert.equal(sha256(path), before, `${action} left the database as it was`);
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.damaged-') || f.includes('.before-restore-')), []);
    }
  } finally {
    lock.release();
  }
  const restored = await runCli(['db', 'restore', '--db', path]);
  assert.equal(restored.code, 0, restored.stderr);
});
