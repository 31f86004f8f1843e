// Migration 19 (12 when written): attempt counters per dealer account, status and half hour, backfilled and kept by
// triggers through inserts, status changes and deletes (the Reports screen sums them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate } from '../../src-main/db/migrate.ts';

const HALF = 1_800_000;
const counts = (db: Database.Database) =>
  db.prepare('SELECT dealer_account_id AS a, status, slot, n FROM message_attempt_counts WHERE n != 0 ORDER BY a, status, slot').all();

test('migration 19 backfills the counters from the messages there are, then triggers keep them', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 18 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Toyota', 0), (2, 'B', 'Mazda', 0)").run();
  const ins = db.prepare("INSERT INTO messages (direction, origin, status, dealer_account_id, to_number, body, created_at, updated_at) VALUES (?, 'manual', ?, ?, '+61400000000', 'x', ?, ?)");
  ins.run('outbound', 'delivered', 1, 10, 10);
  ins.run('outbound', 'delivered', 1, HALF - 1, 0);
  ins.run('outbound', 'blocked_opted_out', 2, HALF, 0);
  ins.run('inbound', 'received', 1, 10, 10);
  migrate(db, { target: 19 });
  assert.deepEqual(counts(db), [
    { a: 1, status: 'delivered', slot: 0, n: 2 },
    { a: 2, status: 'blocked_opted_out', slot: 1, n: 1 },
  ]);
  const id = Number(ins.run('outbound', 'queued', 1, 5 * HALF, 0).lastInsertRowid);
  db.prepare("UPDATE messages SET status = 'sent' WHERE id = ?").run(id);
  db.prepare("UPDATE messages SET status = 'delivered' WHERE id = ?").run(id);
  ins.run('inbound', 'received', 2, 5 * HALF, 0);
  db.prepare('UPDATE messages SET updated_at = 99 WHERE id = ?').run(id);
  assert.deepEqual(counts(db), [
    { a: 1, status: 'delivered', slot: 0, n: 2 },
    { a: 1, status: 'delivered', slot: 5, n: 1 },
    { a: 2, status: 'blocked_opted_out', slot: 1, n: 1 },
  ]);
  db.prepare('DELETE FROM messages WHERE id = ?').run(id);
  assert.deepEqual(counts(db).length, 2);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'messages_attempts'").pluck().get(), 0, 'the index it replaces is gone');
});
