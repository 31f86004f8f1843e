import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, schemaVersion, DatabaseNewerThanAppError } from '../../src-main/db/migrate.ts';
import { migrations } from '../../src-main/db/migrations/index.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

test('migration 1 creates accounts, senders, customers, leads, consent and messages', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 1 });
  assert.equal(schemaVersion(db), 1);
  for (const t of ['dealer_accounts', 'gateway_accounts', 'senders', 'sender_accounts', 'customers', 'customer_phones', 'customer_search', 'leads', 'consent', 'consent_events', 'messages']) {
    assert.ok(tables(db).includes(t), t);
  }
  assert.ok(!tables(db).includes('notifications'));
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'A', 0)").run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('a', 'b', 0, 0)").run();
  db.prepare("INSERT INTO messages (direction, origin, status, to_number, body, created_at, updated_at, gateway_sid) VALUES ('outbound', 'manual', 'sent', '+61', 'x', 0, 0, 'SM1')").run();
  assert.throws(
    () => db.prepare("INSERT INTO messages (direction, origin, status, to_number, body, created_at, updated_at, gateway_sid) VALUES ('outbound', 'manual', 'sent', '+61', 'y', 0, 0, 'SM1')").run(),
    /UNIQUE/,
    'a gateway SID is stored once',
  );
  assert.throws(
    () => db.prepare("INSERT INTO consent (dealer_account_id, customer_id, channel, status, source, changed_at, event_id) VALUES (1, 1, 'fax', 'opted_out', 'manual', 0, 1)").run(),
    /CHECK/,
  );
});

test('migration 2 adds automation, notifications, reviews, attributions, gateway blocks and sync cursors on top of 1 with data kept', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 1 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'Dealer A', 0)").run();
  migrate(db, { target: 2 });
  assert.equal(schemaVersion(db), 2);
  for (const t of ['automation_rules', 'automation_runs', 'notifications', 'review_items', 'attributions', 'gateway_blocks', 'sync_cursors', 'templates', 'settings']) {
    assert.ok(tables(db).includes(t), t);
  }
  assert.equal((db.prepare('SELECT name FROM dealer_accounts').get() as { name: string }).name, 'Dealer A');
});

test('migrations run in one transaction: a failing step leaves the database as it was', () => {
  const db = new Database(':memory:');
  const broken = [...migrations, { version: migrations.length + 1, name: 'broken', up: 'CREATE TABLE x (a); SELECT nonsense FROM nowhere;' }];
  assert.throws(() => migrate(db, { migrations: broken }), /nowhere/);
  assert.equal(schemaVersion(db), 0);
  assert.deepEqual(tables(db), []);
});

test('a database newer than the app is refused with a clear error and left untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-mig-'));
  try {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    assert.throws(() => openDatabase(path), (e: unknown) => {
      assert.ok(e instanceof DatabaseNewerThanAppError);
      assert.match(e.message, /newer than this app understands/);
      return true;
    });
    const after = new Database(path);
    assert.equal(after.pragma('user_version', { simple: true }), migrations.length + 5);
    after.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openDatabase turns on WAL and foreign keys, and is idempotent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-mig-'));
  try {
    const path = join(dir, 'desk.db');
    openDatabase(path).close();
    const db = openDatabase(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    assert.equal(schemaVersion(db), migrations.length);
    assert.throws(() => db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (42, 42, 'x', 0)").run(), /FOREIGN KEY/);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function plan(db: Database.Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('hot queries are backed by indexes (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase(':memory:');
  createStore(db); // prepares every statement: a missing index named in INDEXED BY would throw here
  const cases: [string, string, RegExp][] = [
    ['consent decision', 'SELECT * FROM consent WHERE dealer_account_id = 1 AND customer_id = 2 AND channel = \'sms\'', /SEARCH consent USING PRIMARY KEY/],
    ['timeline messages', 'SELECT * FROM messages WHERE customer_id = 1 ORDER BY created_at DESC, id DESC LIMIT 51', /SEARCH messages USING INDEX messages_timeline/],
    ['timeline consent events', 'SELECT * FROM consent_events WHERE customer_id = 1 ORDER BY occurred_at DESC, id DESC LIMIT 51', /SEARCH consent_events USING INDEX consent_events_timeline/],
    ['SMS list', 'SELECT * FROM messages ORDER BY created_at DESC, id DESC LIMIT 50', /SCAN messages USING INDEX messages_list/],
    ['SMS list by status', "SELECT * FROM messages WHERE status = 'blocked_opted_out' ORDER BY created_at DESC, id DESC LIMIT 50", /SEARCH messages USING INDEX messages_by_status/],
    ['SMS list by account', 'SELECT * FROM messages WHERE dealer_account_id = 2 ORDER BY created_at DESC, id DESC LIMIT 50', /SEARCH messages USING INDEX messages_by_account/],
    ['lead search', "SELECT customer_id FROM customer_search WHERE token >= 'smi' AND token < 'smj' ORDER BY token, customer_id LIMIT 50", /SEARCH customer_search USING PRIMARY KEY/],
    ['leads by name', 'SELECT * FROM customers ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id LIMIT 50', /SCAN customers USING INDEX customers_by_name/],
    ['attribution', "SELECT * FROM messages WHERE to_number = '+61' AND sender_id = 1 AND direction = 'outbound' AND created_at <= 5 ORDER BY created_at DESC LIMIT 1", /SEARCH messages USING INDEX messages_attribution/],
    ['automation history', 'SELECT * FROM automation_runs ORDER BY ran_at DESC, id DESC LIMIT 50', /SCAN automation_runs USING INDEX automation_runs_by_time/],
  ];
  for (const [name, sql, expected] of cases) {
    const p = plan(db, sql);
    assert.match(p, expected, `${name}: ${p}`);
    assert.doesNotMatch(p, /USE TEMP B-TREE/, `${name} sorts without an index: ${p}`);
  }
});

test('migration 5 indexes the names of customers already in the store for multi-word search', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 4 });
  const insert = db.prepare('INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES (?, ?, 0, 0)');
  insert.run('Olivia', 'Smith');
  insert.run('Zoë', "O'Brien-Kelly");
  migrate(db, { target: 5 });
  assert.equal(schemaVersion(db), 5);
  const match = (q: string) => db.prepare('SELECT rowid FROM customer_names WHERE customer_names MATCH ? ORDER BY rowid').pluck().all(q);
  assert.deepEqual(match('"oli"* AND "smi"*'), [1]);
  assert.deepEqual(match('"zoe"* AND "o\'brien-k"*'), [2], 'diacritics folded, apostrophes and hyphens kept inside a name');
  assert.deepEqual(match('"oli"* AND "o\'b"*'), []);
});
