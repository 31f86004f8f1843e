// Migration 8: the change log the change feed reads. Triggers log a row per change a user could
// see (messages, notifications, review items, consent, leads, settings and accounts), whoever
// wrote it; bookkeeping writes (an outbox retry's attempts, a setting written with its own value)
// log nothing. Data already there is kept and is not logged as news.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';

type Logged = { tbl: string; op: string; row_id: number | null; customer_id: number | null; dealer_account_id: number | null; detail: string | null };

function logged(db: Database.Database, after = 0): Logged[] {
  return db.prepare('SELECT tbl, op, row_id, customer_id, dealer_account_id, detail FROM change_log WHERE id > ? ORDER BY id').all(after) as Logged[];
}
const last = (db: Database.Database) => (db.prepare('SELECT coalesce(max(id), 0) AS id FROM change_log').get() as { id: number }).id;

test('migration 8 adds the change log on top of 7, data kept and not logged', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 7 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'Harbour City Toyota', 0)").run();
  migrate(db, { target: 8 });
  assert.equal(schemaVersion(db), 8);
  assert.deepEqual(logged(db), [], 'what was there is not news');
  assert.equal((db.prepare('SELECT count(*) AS n FROM dealer_accounts').get() as { n: number }).n, 1);
});

test('migration 8: each visible change is logged once with what the feed needs to name it', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 8 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'Harbour City Toyota', 0)").run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Jane', 'Citizen', 0, 0)").run();
  db.prepare("INSERT INTO messages (direction, origin, status, customer_id, dealer_account_id, to_number, body, created_at, updated_at) VALUES ('outbound', 'manual', 'queued', 1, 1, '+61412345678', 'Hi', 0, 0)").run();
  db.prepare("INSERT INTO consent (dealer_account_id, customer_id, channel, status, source, changed_at, event_id) VALUES (1, 1, 'sms', 'opted_out', 'manual', 0, 1)").run();
  db.prepare("INSERT INTO settings (key, value) VALUES ('user.name', '\"Kim\"')").run();
  assert.deepEqual(logged(db), [
    { tbl: 'dealer_accounts', op: 'insert', row_id: 1, customer_id: null, dealer_account_id: null, detail: null },
    { tbl: 'customers', op: 'insert', row_id: 1, customer_id: 1, dealer_account_id: null, detail: null },
    { tbl: 'messages', op: 'insert', row_id: 1, customer_id: 1, dealer_account_id: null, detail: null },
    { tbl: 'consent', op: 'insert', row_id: null, customer_id: 1, dealer_account_id: 1, detail: 'sms' },
    { tbl: 'settings', op: 'insert', row_id: null, customer_id: null, dealer_account_id: null, detail: 'user.name' },
  ]);

  const mark = last(db);
  db.prepare('UPDATE messages SET attempts = attempts + 1, next_attempt_at = 5 WHERE id = 1').run();
  db.prepare("UPDATE settings SET value = '\"Kim\"' WHERE key = 'user.name'").run();
  assert.deepEqual(logged(db, mark), [], 'an outbox retry and a setting written with its own value are not news');

  db.prepare("UPDATE messages SET status = 'accepted' WHERE id = 1").run();
  db.prepare("UPDATE consent SET status = 'opted_in' WHERE customer_id = 1").run();
  assert.deepEqual(logged(db, mark).map((r) => `${r.tbl}:${r.op}:${r.row_id ?? r.detail}`), ['messages:update:1', 'consent:update:sms']);
});
