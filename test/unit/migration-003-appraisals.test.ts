import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';

test('migration 3 adds appraisals on top of 2, linked to a lead (customer held by that dealer account), data kept', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, { target: 2 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'Dealer A', 0), ('B', 'Dealer B', 0)").run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Jane', 'Citizen', 0, 0)").run();
  db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (1, 1, 'import', 0)").run();
  migrate(db, { target: 3 });
  assert.equal(schemaVersion(db), 3);
  const insert = db.prepare(
    "INSERT INTO appraisals (customer_id, dealer_account_id, make, model, created_at, updated_at) VALUES (?, ?, 'Mazda', 'CX-5', 0, 0)",
  );
  insert.run(1, 1);
  assert.throws(() => insert.run(1, 2), /FOREIGN KEY/, 'dealer B does not hold this customer');
  assert.throws(
    () => db.prepare("INSERT INTO appraisals (customer_id, dealer_account_id, make, model, status, created_at, updated_at) VALUES (1, 1, 'x', 'y', 'sold', 0, 0)").run(),
    /CHECK/,
  );
  assert.equal((db.prepare('SELECT name FROM dealer_accounts WHERE id = 1').get() as { name: string }).name, 'Dealer A');
});

test('appraisal lists are backed by indexes (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase(':memory:');
  createStore(db);
  const plan = (sql: string): string => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
  const cases: [string, RegExp][] = [
    ['SELECT * FROM appraisals ORDER BY created_at DESC, id DESC LIMIT 50', /SCAN appraisals USING INDEX appraisals_recent/],
    ['SELECT * FROM appraisals WHERE dealer_account_id = 1 ORDER BY created_at DESC, id DESC LIMIT 50', /SEARCH appraisals USING INDEX appraisals_by_account/],
    ['SELECT * FROM appraisals WHERE customer_id = 1 ORDER BY created_at DESC, id DESC', /SEARCH appraisals USING INDEX appraisals_by_customer/],
  ];
  for (const [sql, expected] of cases) {
    const p = plan(sql);
    assert.match(p, expected, p);
    assert.doesNotMatch(p, /USE TEMP B-TREE/, p);
  }
});
