// Migration 7: the keyword of a keyword reply in its own column on consent events and the current
// consent state, backfilled from the sentences ('Replied STOP') that used to carry it.
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { ConsentService } from '../../src-main/consent/consent-service.ts';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { createStore } from '../../src-main/db/store.ts';
import { consentEvent, consentState } from '../../src-main/ipc/mappers.ts';

function seed6(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { target: 6 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'B', 'Parramatta Mazda', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, created_at, updated_at) VALUES (1, 'Jane', 'Citizen', 0, 0), (2, 'Sam', 'Lee', 0, 0)").run();
  const event = db.prepare(
    'INSERT INTO consent_events (id, dealer_account_id, customer_id, channel, status, source, actor, reason, occurred_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?)',
  );
  event.run(1, 1, 'sms', 'opted_out', 'inbound_keyword', null, 'Replied STOP', 10);
  event.run(2, 1, 'sms', 'opted_in', 'inbound_keyword', null, 'Replied START', 20);
  event.run(3, 2, 'sms', 'opted_out', 'manual', 'Kim', 'Replied to a survey', 30);
  event.run(4, 2, 'email', 'opted_out', 'import', null, 'Opt in to future marketing communication was off', 30);
  event.run(5, 1, 'email', 'opted_out', 'inbound_keyword', null, null, 40);
  const state = db.prepare(
    'INSERT INTO consent (dealer_account_id, customer_id, channel, status, source, changed_at, actor, reason, event_id) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  state.run(1, 'sms', 'opted_in', 'inbound_keyword', 20, null, 'Replied START', 2);
  state.run(2, 'sms', 'opted_out', 'manual', 30, 'Kim', 'Replied to a survey', 3);
  state.run(1, 'email', 'opted_out', 'inbound_keyword', 40, null, null, 5);
  return db;
}

test('migration 7 backfills the keyword from "Replied STOP" on events and current state, reasons and data kept', () => {
  const db = seed6();
  migrate(db, { target: 7 });
  assert.equal(schemaVersion(db), 7);
  assert.deepEqual(db.prepare('SELECT id, source, keyword, reason FROM consent_events ORDER BY id').all(), [
    { id: 1, source: 'inbound_keyword', keyword: 'STOP', reason: 'Replied STOP' },
    { id: 2, source: 'inbound_keyword', keyword: 'START', reason: 'Replied START' },
    { id: 3, source: 'manual', keyword: null, reason: 'Replied to a survey' },
    { id: 4, source: 'import', keyword: null, reason: 'Opt in to future marketing communication was off' },
    { id: 5, source: 'inbound_keyword', keyword: null, reason: null },
  ]);
  assert.deepEqual(db.prepare('SELECT customer_id, channel, keyword, reason FROM consent ORDER BY customer_id, channel').all(), [
    { customer_id: 1, channel: 'email', keyword: null, reason: null },
    { customer_id: 1, channel: 'sms', keyword: 'START', reason: 'Replied START' },
    { customer_id: 2, channel: 'sms', keyword: null, reason: 'Replied to a survey' },
  ]);
});

test('after migration 7 the consent audit trail is still append-only', () => {
  const db = seed6();
  migrate(db, { target: 7 });
  assert.throws(() => db.prepare("UPDATE consent_events SET keyword = 'X' WHERE id = 1").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM consent_events WHERE id = 1').run(), /append-only/);
});

test('the store records a keyword reply with the keyword in its column and no sentence; the contract carries it', () => {
  const db = seed6();
  migrate(db);
  const store = createStore(db);
  const consent = new ConsentService(store, () => 70, randomUUID);
  const id = consent.append({
    dealerAccountId: 1, customerId: 1, channel: 'sms', status: 'opted_out', source: 'inbound_keyword', actor: null, reason: null, keyword: 'UNSUBSCRIBE', messageId: null, occurredAt: 50,
  });
  const [latest] = store.consent.history(1);
  assert.equal(latest?.id, id);
  assert.equal(consentEvent(latest!).keyword, 'UNSUBSCRIBE');
  assert.equal(consentEvent(latest!).reason, null);
  assert.equal(consentState(store.consent.current(1, 1, 'sms')).keyword, 'UNSUBSCRIBE');
  // A change that is not a keyword reply has none.
  consent.append({ dealerAccountId: 1, customerId: 1, channel: 'sms', status: 'opted_in', source: 'manual', actor: 'Kim', reason: 'Asked to be texted', messageId: null, occurredAt: 60 });
  assert.equal(consentState(store.consent.current(1, 1, 'sms')).keyword, null);
});
