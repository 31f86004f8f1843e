// Migration 4: the outbox's attempt log, its partial indexes, and senders.gateway_opt_out (R7, R8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';

test('migration 4 adds outbox attempts and senders.gateway_opt_out on top of 3, with data kept', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 3 });
  db.prepare("INSERT INTO gateway_accounts (account_sid, label, created_at) VALUES ('AC1', 'gw', 0)").run();
  db.prepare("INSERT INTO senders (gateway_account_id, kind, address, label, created_at) VALUES (1, 'number', '+61480000001', 'Shared', 0)").run();
  migrate(db, { target: 4 });
  assert.equal(schemaVersion(db), 4);
  assert.deepEqual(db.prepare('SELECT address, gateway_opt_out FROM senders').get(), { address: '+61480000001', gateway_opt_out: 0 });
  const cols = (db.prepare('PRAGMA table_info(outbox_attempts)').all() as { name: string }[]).map((c) => c.name);
  assert.deepEqual(cols, ['id', 'message_id', 'started_at', 'finished_at', 'outcome', 'gateway_sid', 'error_code', 'error_message']);
});

function plan(db: Database.Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('outbox, sync and attribution queries are backed by indexes (EXPLAIN QUERY PLAN)', () => {
  const db = openDatabase(':memory:');
  createStore(db); // prepares every statement: an index named in INDEXED BY that cannot serve the query throws here
  // As the repositories write them (INDEXED BY pins the partial indexes the planner would not pick).
  const outbox = `direction = 'outbound' AND gateway_sid IS NULL AND status IN ('queued', 'sending', 'unknown')`;
  const cases: [string, string, RegExp, boolean?][] = [
    ['outbox due', `SELECT * FROM messages INDEXED BY messages_outbox WHERE ${outbox} AND (next_attempt_at IS NULL OR next_attempt_at <= 5) ORDER BY created_at, id LIMIT 100`, /SCAN messages USING INDEX messages_outbox/],
    ['outbox counts', `SELECT status, count(*) FROM messages INDEXED BY messages_outbox WHERE ${outbox} GROUP BY status`, /USING INDEX messages_outbox/, true], // groups the few pending rows
    ['unsettled statuses', `SELECT * FROM messages INDEXED BY messages_unsettled WHERE direction = 'outbound' AND gateway_sid IS NOT NULL AND status IN ('accepted', 'sent') AND updated_at <= 5 AND created_at >= 1 ORDER BY updated_at, id LIMIT 50`, /SEARCH messages USING INDEX messages_unsettled/],
    ['ingestion idempotency', `SELECT id, direction, origin, status, customer_id FROM messages WHERE gateway_sid = 'SM1'`, /SEARCH messages USING INDEX sqlite_autoindex_messages_1 \(gateway_sid=\?\)/],
    ['pending attempt like', `SELECT id FROM messages INDEXED BY messages_attribution WHERE to_number = '+61' AND sender_id = 1 AND direction = 'outbound' AND body = 'x' AND created_at >= 0 AND gateway_sid IS NULL LIMIT 1`, /SEARCH messages USING INDEX messages_attribution/],
    ['attempts of a message', 'SELECT * FROM outbox_attempts WHERE message_id = 1 ORDER BY started_at, id', /SEARCH outbox_attempts USING INDEX outbox_attempts_by_message/],
    ['attributions of a reply', 'SELECT * FROM attributions WHERE message_id = 1', /SEARCH attributions USING INDEX attributions_by_message/],
  ];
  for (const [name, sql, expected, smallSort] of cases) {
    const p = plan(db, sql);
    assert.match(p, expected, `${name}: ${p}`);
    if (!smallSort) assert.doesNotMatch(p, /USE TEMP B-TREE/, `${name} sorts without an index: ${p}`);
  }
});
