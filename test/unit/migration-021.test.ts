// Migration 21 (R13): Twilio's STOP filtering as a setting of the gateway account (on by default),
// the keyword on a gateway block, the active-blocks-by-recipient index the lead's screens use,
// and the change-log triggers that make a block news for the leads holding the number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { createStore } from '../../src-main/db/store.ts';

function seed20(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { target: 20 });
  db.prepare("INSERT INTO gateway_accounts (id, account_sid, label, created_at) VALUES (1, 'AC" + 'a'.repeat(32) + "', 'Group', 0)").run();
  db.prepare("INSERT INTO senders (id, gateway_account_id, kind, address, label, created_at) VALUES (1, 1, 'number', '+61480000001', 'Shared', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, mobile, created_at, updated_at) VALUES (1, 'Jane', 'Citizen', '+61412345678', 0, 0)").run();
  db.prepare("INSERT INTO gateway_blocks (sender_id, recipient, error_code, blocked_at) VALUES (1, '+61412345678', 21610, 5)").run();
  return db;
}

function plan(db: Database.Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('migration 21 turns Twilio STOP filtering on for existing gateway accounts and keeps their blocks (keyword unknown)', () => {
  const db = seed20();
  migrate(db, { target: 21 });
  assert.equal(schemaVersion(db), 21);
  assert.deepEqual(db.prepare('SELECT id, stop_filtering FROM gateway_accounts').all(), [{ id: 1, stop_filtering: 1 }]);
  assert.deepEqual(db.prepare('SELECT sender_id, error_code, keyword, cleared_at FROM gateway_blocks').all(), [
    { sender_id: 1, error_code: 21610, keyword: null, cleared_at: null },
  ]);
  assert.throws(() => db.prepare('UPDATE gateway_accounts SET stop_filtering = 2').run(), /CHECK/);
});

test('migration 21: a block recorded or lifted is logged for every customer holding the number; the lead\'s blocks come from the partial index', () => {
  const db = seed20();
  migrate(db, { target: 21 });
  migrate(db); // the store's statements are the newest schema's (later migrations add columns it reads)
  const store = createStore(db);
  const before = db.prepare('SELECT max(id) FROM change_log').pluck().get() as number | null;
  store.gatewayBlocks.block(1, '+61412345678', 21610, null, 10, 'STOP');
  store.gatewayBlocks.clear(1, '+61412345678', 20);
  store.gatewayBlocks.block(1, '+61499999999', 21610, null, 30, 'STOP'); // nobody holds this number
  assert.deepEqual(db.prepare('SELECT tbl, op, customer_id FROM change_log WHERE id > ? ORDER BY id').all(before ?? 0), [
    { tbl: 'gateway_blocks', op: 'update', customer_id: 1 },
    { tbl: 'gateway_blocks', op: 'update', customer_id: 1 },
  ]);
  assert.match(
    plan(db, "SELECT b.* FROM gateway_blocks b JOIN senders s ON s.id = b.sender_id WHERE b.recipient = '+61412345678' AND b.cleared_at IS NULL"),
    /gateway_blocks_active_by_recipient/,
  );
});
