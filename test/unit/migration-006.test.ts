// Migration 6: the review queue's keyset index (open items by created_at, id), replacing
// review_items_open, with the queue's page and count queries backed by it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';

function indexes(db: Database.Database): Record<string, string> {
  const rows = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'review_items' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
}

test('migration 6 indexes the open review items by (created_at, id) on top of 5, with data kept', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 5 });
  assert.ok('review_items_open' in indexes(db));
  db.prepare("INSERT INTO messages (direction, origin, status, to_number, body, created_at, updated_at) VALUES ('inbound', 'inbound', 'received', '+61480000001', 'stop it', 0, 0)").run();
  db.prepare("INSERT INTO messages (direction, origin, status, to_number, body, created_at, updated_at) VALUES ('inbound', 'inbound', 'received', '+61480000001', 'who?', 0, 0)").run();
  db.prepare("INSERT INTO review_items (kind, message_id, created_at) VALUES ('unattributed', 1, 10)").run();
  db.prepare("INSERT INTO review_items (kind, message_id, status, created_at, resolved_at, resolved_by) VALUES ('unattributed', 2, 'dismissed', 10, 20, 'kim')").run();
  migrate(db, { target: 6 });
  assert.equal(schemaVersion(db), 6);
  const ix = indexes(db);
  assert.ok(!('review_items_open' in ix), 'the index it supersedes is gone');
  assert.match(ix.review_items_open_page ?? '', /ON review_items \(created_at, id\) WHERE status = 'open'/);
  assert.ok('review_items_hold' in ix, 'the hold index stays');
  assert.deepEqual(db.prepare('SELECT id, status, resolved_by FROM review_items ORDER BY id').all(), [
    { id: 1, status: 'open', resolved_by: null },
    { id: 2, status: 'dismissed', resolved_by: 'kim' },
  ]);
  // The partial index holds the open item only.
  assert.equal(db.prepare("SELECT count(*) FROM review_items INDEXED BY review_items_open_page WHERE status = 'open'").pluck().get(), 1);
});

function plan(db: Database.Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('the review queue pages and counts through the index, never sorting (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase(':memory:');
  createStore(db); // prepares every statement: an index named in INDEXED BY that cannot serve the query throws here
  // As ReviewsRepo writes them.
  const from = `FROM review_items r INDEXED BY review_items_open_page JOIN messages m ON m.id = r.message_id
    LEFT JOIN customers c ON c.id = r.customer_id LEFT JOIN dealer_accounts a ON a.id = r.dealer_account_id WHERE r.status = 'open'`;
  const order = 'ORDER BY r.created_at DESC, r.id DESC LIMIT 101';
  const cases: [string, string, RegExp][] = [
    ['first page', `SELECT r.* ${from} ${order}`, /SCAN r USING INDEX review_items_open_page/],
    ['next page', `SELECT r.* ${from} AND (r.created_at < 5 OR (r.created_at = 5 AND r.id < 3)) ${order}`, /SEARCH r USING INDEX review_items_open_page \(created_at<\?\)/],
    ['open count', "SELECT count(*) FROM review_items INDEXED BY review_items_open_page WHERE status = 'open'", /USING COVERING INDEX review_items_open_page/],
  ];
  for (const [name, sql, expected] of cases) {
    const p = plan(db, sql);
    assert.match(p, expected, `${name}: ${p}`);
    assert.doesNotMatch(p, /USE TEMP B-TREE/, `${name} sorts without an index: ${p}`);
  }
});
