// Migration 16 (9 when written): review decisions (append-only, beside the consent audit trail), the resolved-reviews
// page index and consent events by triggering message; the queries that use them, by plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';

function seeded15(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { target: 15 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Toyota', 0), (2, 'B', 'Mazda', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, created_at, updated_at) VALUES (1, 'Jane', 'Citizen', 0, 0)").run();
  db.prepare("INSERT INTO messages (id, direction, origin, status, customer_id, to_number, body, created_at, updated_at) VALUES (1, 'inbound', 'inbound', 'received', 1, '+61480000001', 'STOP', 0, 0)").run();
  db.prepare("INSERT INTO review_items (id, kind, message_id, customer_id, status, created_at, resolved_at, resolved_by) VALUES (1, 'unattributed', 1, 1, 'confirmed', 5, 9, 'kim')").run();
  return db;
}

function plan(db: Database.Database, sql: string, ...params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('migration 16 adds review decisions on top of 15, data kept, and both tables are append-only', () => {
  const db = seeded15();
  migrate(db, { target: 16 });
  assert.equal(schemaVersion(db), 16);
  assert.equal(db.prepare('SELECT resolved_by FROM review_items WHERE id = 1').pluck().get(), 'kim');
  db.prepare("INSERT INTO review_decisions (id, review_id, decision, customer_id, message_id, actor, reason, decided_at) VALUES (1, 1, 'narrowed', 1, 1, 'kim', 'for Toyota', 9)").run();
  db.prepare("INSERT INTO review_decision_accounts (decision_id, dealer_account_id, customer_id, effect) VALUES (1, 1, 1, 'kept')").run();
  assert.throws(() => db.prepare("UPDATE review_decisions SET reason = 'x'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM review_decisions').run(), /append-only/);
  assert.throws(() => db.prepare("UPDATE review_decision_accounts SET effect = 'withdrawn'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM review_decision_accounts').run(), /append-only/);
  assert.throws(() => db.prepare("INSERT INTO review_decisions (review_id, decision, message_id, actor, decided_at) VALUES (1, 'maybe', 1, 'kim', 1)").run(), /CHECK/);
});

test('migration 16: the resolved page and a reply\'s consent events are index lookups, not scans', () => {
  const db = seeded15();
  migrate(db);
  assert.match(
    plan(db, "SELECT id FROM review_items INDEXED BY review_items_resolved_page WHERE status != 'open' AND (resolved_at < 5 OR (resolved_at = 5 AND id < 3)) ORDER BY resolved_at DESC, id DESC LIMIT 10"),
    /USING INDEX review_items_resolved_page/,
  );
  assert.doesNotMatch(plan(db, "SELECT id FROM review_items INDEXED BY review_items_resolved_page WHERE status != 'open' ORDER BY resolved_at DESC, id DESC LIMIT 10"), /TEMP B-TREE/);
  assert.match(plan(db, 'SELECT dealer_account_id FROM consent_events INDEXED BY consent_events_by_message WHERE message_id = ?', 1), /USING INDEX consent_events_by_message \(message_id=\?\)/);
  assert.match(plan(db, 'SELECT id FROM review_decisions WHERE customer_id = ? ORDER BY decided_at DESC, id DESC', 1), /USING (COVERING )?INDEX review_decisions_by_customer/);
});
