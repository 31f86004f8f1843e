// Migration 20: what a group of desks shares (R11). Existing consent events get distinct global
// ids and stay append-only; local changes are queued for the group only while this desk is a
// member and the change is not one being applied from the group; the fold reads by its index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';

function seed19(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { target: 19 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'Harbour City Toyota', 0)").run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Jane', 'Citizen', 0, 0)").run();
  for (const status of ['opted_out', 'opted_in', 'opted_out']) {
    db.prepare("INSERT INTO consent_events (dealer_account_id, customer_id, channel, status, source, occurred_at) VALUES (1, 1, 'sms', ?, 'manual', 0)").run(status);
  }
  return db;
}

const queued = (db: Database.Database) => db.prepare('SELECT entity, local_id FROM group_outbox ORDER BY id').all() as { entity: string; local_id: number }[];

test('migration 20 on top of 19: consent events kept, each with its own global id, still append-only', () => {
  const db = seed19();
  migrate(db, { target: 20 });
  assert.equal(schemaVersion(db), 20);
  const uids = (db.prepare('SELECT uid FROM consent_events ORDER BY id').all() as { uid: string }[]).map((r) => r.uid);
  assert.equal(uids.length, 3);
  assert.equal(new Set(uids).size, 3);
  for (const u of uids) assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.throws(() => db.prepare("UPDATE consent_events SET reason = 'x' WHERE id = 1").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM consent_events WHERE id = 1').run(), /append-only/);
  assert.deepEqual(queued(db), [], 'not a member of a group: nothing queued');
});

test('migration 20: a member desk queues its own changes, not those applied from the group', () => {
  const db = seed19();
  migrate(db, { target: 20 });
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Before', 'Joining', 0, 0)").run();
  db.prepare("INSERT INTO group_member (one, desk_id, desk_name, joined_at) VALUES (1, 'd', 'Desk', 0)").run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Tom', 'Ly', 0, 0)").run();
  db.prepare("UPDATE customers SET first_name = 'Thomas' WHERE id = 3").run();
  db.prepare("INSERT INTO consent_events (uid, dealer_account_id, customer_id, channel, status, source, occurred_at) VALUES ('u1', 1, 3, 'sms', 'opted_out', 'manual', 0)").run();
  db.prepare('INSERT INTO group_applying (one) VALUES (1)').run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('From', 'Group', 0, 0)").run();
  db.prepare('DELETE FROM group_applying').run();
  assert.deepEqual(queued(db), [
    { entity: 'customer', local_id: 3 },
    { entity: 'customer', local_id: 3 },
    { entity: 'consent_event', local_id: 4 },
  ]);
  const ids = db.prepare('SELECT uid FROM group_outbox').all() as { uid: string }[];
  assert.equal(new Set(ids.map((r) => r.uid)).size, ids.length, 'each queued change has its own global id');
});

test('migration 20: the fold reads one key\'s events by index, and re-attribution finds a number\'s replies to a sender by index', () => {
  const db = seed19();
  migrate(db, { target: 20 });
  const plan = (db.prepare(
    "EXPLAIN QUERY PLAN SELECT * FROM consent_events e INDEXED BY consent_events_fold WHERE e.dealer_account_id = 1 AND e.customer_id = 1 AND e.channel = 'sms'",
  ).all() as { detail: string }[]).map((r) => r.detail).join(' ');
  assert.match(plan, /SEARCH e USING INDEX consent_events_fold/);
  const replies = (db.prepare(
    "EXPLAIN QUERY PLAN SELECT id FROM messages INDEXED BY messages_replies_by_number WHERE from_number = '+61412345678' AND sender_id = 1 AND direction = 'inbound' AND created_at >= 0 ORDER BY created_at, id",
  ).all() as { detail: string }[]).map((r) => r.detail).join(' ');
  assert.match(replies, /SEARCH messages USING (COVERING )?INDEX messages_replies_by_number \(from_number=\? AND sender_id=\? AND created_at>\?\)/);
});
