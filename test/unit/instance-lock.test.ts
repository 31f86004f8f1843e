// Issue 14, finding 1: one desk per database file. The lock is the operating system's (SQLite's
// exclusive lock on desk.db.lock): a second taker is refused with the holder named; released, or
// its holder gone, the file can be taken again. The holder's note is information only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireInstanceLock, DatabaseInUseError, holderFileOf, readHolder } from '../../src-main/db/instance-lock.ts';
import { bootApp } from '../../src-main/app/app.ts';

function tempDb(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-ilock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'desk.db');
}

test('issue 14: a second taker of a database is refused with the holder named; after release it can take it', (t) => {
  const db = tempDb(t);
  const first = acquireInstanceLock(db, { command: 'smsdesk serve --db desk.db', clock: () => Date.UTC(2026, 11, 4, 22, 30, 5) });
  assert.throws(
    () => acquireInstanceLock(db, { command: 'second' }),
    (err: unknown) => {
      assert.ok(err instanceof DatabaseInUseError);
      assert.deepEqual(err.holder, { pid: process.pid, command: 'smsdesk serve --db desk.db', since: Date.UTC(2026, 11, 4, 22, 30, 5), host: hostname() });
      assert.equal(
        err.message,
        `The database ${db} is already in use: process ${process.pid} (smsdesk serve --db desk.db) has had it open since 2026-12-04 22:30:05 UTC. ` +
          'Two desks on one file would both send its queued messages. Close the other one first, or open another file with --db.',
      );
      return true;
    },
  );
  first.release();
  assert.equal(existsSync(holderFileOf(db)), false, 'the note goes with the lock');
  const again = acquireInstanceLock(db, { command: 'again' });
  assert.equal(readHolder(db)?.command, 'again');
  again.release();
  again.release();
});

test('issue 14: a note left by a process that died is not shown as the holder, and does not block', (t) => {
  const db = tempDb(t);
  writeFileSync(holderFileOf(db), JSON.stringify({ pid: 2 ** 22 + 17, command: 'killed -9', since: 1, host: hostname() }));
  assert.equal(readHolder(db), null, 'a dead pid is no holder');
  const lock = acquireInstanceLock(db, { command: 'next' });
  assert.equal(readHolder(db)?.command, 'next', 'the stale note is overwritten');
  lock.release();
});

test('issue 14: bootApp holds the lock for as long as the app is open; a second boot on the file is refused before opening it', async (t) => {
  const db = tempDb(t);
  const app = await bootApp({ dbPath: db, demo: false, background: false, log: { info() {}, error() {} } });
  await assert.rejects(bootApp({ dbPath: db, demo: false, background: false }), DatabaseInUseError);
  await app.close();
  const again = await bootApp({ dbPath: db, demo: false, background: false, log: { info() {}, error() {} } });
  await again.close();
});
