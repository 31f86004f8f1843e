// Migration 22 (issue 9): archived_at on dealer accounts, gateway accounts and senders. Additive:
// every row that existed stays in use (NULL), with all its data; archiving is news for Settings
// (the change log) and, through the same triggers as a rename, for the other desks of a group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { createStore } from '../../src-main/db/store.ts';

test('migration 22 keeps every account and sender in use, with its data, and archiving one is logged for Settings', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 21 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Harbour City Toyota', 0)").run();
  db.prepare("INSERT INTO gateway_accounts (id, account_sid, label, created_at) VALUES (1, 'AC" + 'a'.repeat(32) + "', 'Group', 0)").run();
  db.prepare("INSERT INTO senders (id, gateway_account_id, kind, address, label, created_at) VALUES (1, 1, 'number', '+61480000001', 'Shared', 0)").run();
  db.prepare('INSERT INTO sender_accounts (sender_id, dealer_account_id) VALUES (1, 1)').run();
  migrate(db, { target: 22 });
  assert.equal(schemaVersion(db), 22);
  assert.deepEqual(db.prepare('SELECT id, code, name, archived_at FROM dealer_accounts').all(), [{ id: 1, code: 'A', name: 'Harbour City Toyota', archived_at: null }]);
  assert.deepEqual(db.prepare('SELECT id, stop_filtering, archived_at FROM gateway_accounts').all(), [{ id: 1, stop_filtering: 1, archived_at: null }]);
  assert.deepEqual(db.prepare('SELECT id, label, archived_at FROM senders').all(), [{ id: 1, label: 'Shared', archived_at: null }]);

  const store = createStore(db);
  assert.deepEqual(store.accounts.usableSendersOfAccount(1).map((s) => s.id), [1]);
  const log = db.prepare('SELECT coalesce(max(id), 0) FROM change_log').pluck().get() as number;
  store.accounts.setSenderArchived(1, 50);
  assert.deepEqual(store.accounts.usableSendersOfAccount(1), [], 'an archived sender does not send');
  assert.deepEqual(store.accounts.archivedPart(1, { id: 1 }), { what: 'sender', name: 'Shared', at: 50 });
  store.accounts.setSenderArchived(1, null);
  store.accounts.setGatewayAccountArchived(1, 60);
  assert.deepEqual(store.accounts.usableSendersOfAccount(1), [], 'nor does a sender of an archived Twilio account');
  assert.deepEqual(store.accounts.archivedPart(1, { id: 1 }), { what: 'Twilio account', name: 'Group', at: 60 });
  store.accounts.setAccountArchived(1, 70);
  assert.deepEqual(store.accounts.archivedPart(1, { id: 1 }), { what: 'dealer account', name: 'Harbour City Toyota', at: 70 }, 'the account is said first');
  assert.deepEqual(db.prepare('SELECT tbl, op, row_id FROM change_log WHERE id > ? ORDER BY id').all(log), [
    { tbl: 'senders', op: 'update', row_id: 1 },
    { tbl: 'senders', op: 'update', row_id: 1 },
    { tbl: 'gateway_accounts', op: 'update', row_id: 1 },
    { tbl: 'dealer_accounts', op: 'update', row_id: 1 },
  ]);
});
