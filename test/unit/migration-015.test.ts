// Migration 15 (issue 14): the outbox's lease on a message (lease_owner, lease_until) and the send
// request id (unique when present); the claim and the request lookup are backed by indexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';

const insert = (db: Database.Database, requestId: string | null) =>
  db.prepare("INSERT INTO messages (direction, origin, status, to_number, body, created_at, updated_at, request_id) VALUES ('outbound', 'manual', 'queued', '+61412345678', 'Hi', 0, 0, ?)").run(requestId);

test('migration 15 adds the lease and the request id on top of 14, data kept; a request id is unique, none is not', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 14 });
  db.prepare("INSERT INTO messages (direction, origin, status, to_number, body, created_at, updated_at) VALUES ('outbound', 'manual', 'queued', '+61412345678', 'Before', 0, 0)").run();
  migrate(db, { target: 15 });
  assert.equal(schemaVersion(db), 15);
  assert.deepEqual(db.prepare('SELECT body, lease_owner, lease_until, request_id FROM messages').get(), { body: 'Before', lease_owner: null, lease_until: null, request_id: null });
  insert(db, null);
  insert(db, null);
  insert(db, 'a4b5c6d7-0000-4000-8000-000000000001');
  assert.throws(() => insert(db, 'a4b5c6d7-0000-4000-8000-000000000001'), /UNIQUE/);
});

test('issue 14: the claim is atomic: a second owner cannot take a leased row until the lease runs out; sending only from queued', () => {
  const db = openDatabase(':memory:');
  const store = createStore(db);
  const id = Number(insert(db, null).lastInsertRowid);
  assert.equal(store.messages.claim(id, 'desk-1', 1_000, 61_000), true);
  assert.equal(store.messages.claim(id, 'desk-2', 2_000, 62_000), false, 'leased to desk-1');
  assert.deepEqual(store.messages.due(2_000, 10), [], 'a leased row is not due for anyone');
  assert.equal(store.messages.markSending(id, 'desk-2', 2_000, 62_000), false, 'only the lease holder sends');
  assert.equal(store.messages.markSending(id, 'desk-1', 2_000, 62_000), true);
  assert.equal(store.messages.markSending(id, 'desk-1', 2_100, 62_100), false, 'once: it is no longer queued');
  // desk-1 dies: its lease runs out and the row, now `sending`, is another's to reconcile (R8).
  assert.equal(store.messages.claim(id, 'desk-2', 61_999, 121_999), false);
  assert.equal(store.messages.due(62_000, 10).length, 1);
  assert.equal(store.messages.claim(id, 'desk-2', 62_000, 122_000), true);
  assert.equal(store.messages.get(id)?.status, 'sending');
  // A desk that holds the instance lock voids the leases of desks that are gone.
  assert.equal(store.messages.releaseLeasesExcept('desk-3'), 1);
  assert.equal(store.messages.get(id)?.lease_owner, null);
});

function plan(db: Database.Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('migration 15: the outbox claim, its due list and the request lookup use indexes (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase(':memory:');
  createStore(db);
  const outbox = `direction = 'outbound' AND gateway_sid IS NULL AND status IN ('queued', 'sending', 'unknown')`;
  assert.match(plan(db, `SELECT * FROM messages INDEXED BY messages_outbox WHERE ${outbox} AND (next_attempt_at IS NULL OR next_attempt_at <= 5) AND (lease_until IS NULL OR lease_until <= 5) ORDER BY created_at, id LIMIT 100`), /SCAN messages USING INDEX messages_outbox/);
  assert.match(plan(db, `UPDATE messages SET lease_owner = 'x', lease_until = 9 WHERE id = 1 AND ${outbox} AND (lease_owner IS NULL OR lease_until <= 5)`), /SEARCH messages USING INTEGER PRIMARY KEY/);
  assert.match(plan(db, "SELECT * FROM messages WHERE request_id = 'r'"), /SEARCH messages USING INDEX messages_request_id \(request_id=\?\)/);
});
