// Migrations 10 and 11: each dealer account's send calendar; automation rules, steps, enrolments
// and step runs, the lead fields automation reads, the event queue; the hot queries' plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { createStore } from '../../src-main/db/store.ts';
import { TIME_SCAN_SQL } from '../../src-main/db/repos/automation-repo.ts';

function plan(db: Database.Database, sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
}

test('migration 10 (send calendar): existing accounts keep sending in Sydney / NSW with the default hours; a state outside Australia is refused by the schema', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 9 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('A', 'Harbour City Toyota', 0)").run();
  migrate(db, { target: 10 });
  assert.deepEqual(db.prepare('SELECT time_zone, state, closed_on_public_holidays, send_hours_custom FROM dealer_accounts').get(), {
    time_zone: 'Australia/Sydney', state: 'NSW', closed_on_public_holidays: 1, send_hours_custom: 0,
  });
  assert.throws(() => db.prepare("UPDATE dealer_accounts SET state = 'CA'").run(), /CHECK constraint failed/);
  assert.throws(() => db.prepare('INSERT INTO dealer_account_send_hours VALUES (1, 1, 600, 540)').run(), /CHECK constraint failed/);
});

test('migration 11 (automation): a rule from before becomes a switched-off test-drive rule whose body is its one step\'s response; leads get updated_at; events are queued by triggers', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 10 });
  db.prepare("INSERT INTO dealer_accounts (code, name, created_at) VALUES ('B', 'Parramatta Mazda', 0)").run();
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Jane', 'Citizen', 5, 5)").run();
  db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (1, 1, 'web', 7)").run();
  db.prepare("INSERT INTO automation_rules (dealer_account_id, name, trigger, body, enabled, created_at) VALUES (1, 'Test drive follow-up (2 days)', 'test_drive+2d', 'Hi {first name}', 1, 3)").run();
  migrate(db, { target: 11 });
  assert.equal(schemaVersion(db), 11);
  assert.deepEqual(db.prepare('SELECT trigger, trigger_date_field, trigger_offset_ms, enabled FROM automation_rules').get(), {
    trigger: 'lead_date', trigger_date_field: 'test_drive_at', trigger_offset_ms: 2 * 86_400_000, enabled: 0,
  });
  assert.deepEqual(db.prepare('SELECT s.position, s.delay_ms, t.name, t.body, t.dealer_account_id FROM automation_steps s JOIN templates t ON t.id = s.template_id').all(), [
    { position: 1, delay_ms: 0, name: 'Test drive follow-up (2 days)', body: 'Hi {first name}', dealer_account_id: 1 },
  ]);
  assert.equal(db.prepare('SELECT updated_at FROM leads').pluck().get(), 7);
  // New leads and appraisals queue events; a lead inserted without updated_at gets its created_at.
  db.prepare("INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES ('Bob', 'Driver', 9, 9)").run();
  db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (2, 1, 'web', 11)").run();
  db.prepare("INSERT INTO appraisals (customer_id, dealer_account_id, make, model, created_at, updated_at) VALUES (2, 1, 'Mazda', 'CX-5', 12, 12)").run();
  db.prepare("UPDATE appraisals SET status = 'offered', updated_at = 13").run();
  db.prepare("UPDATE appraisals SET notes = 'x', updated_at = 14").run();
  assert.deepEqual(db.prepare('SELECT kind, customer_id, ref_id, status, at FROM automation_events ORDER BY id').all(), [
    { kind: 'lead_created', customer_id: 2, ref_id: 2, status: null, at: 11 },
    { kind: 'appraisal_created', customer_id: 2, ref_id: 1, status: 'open', at: 12 },
    { kind: 'appraisal_status', customer_id: 2, ref_id: 1, status: 'offered', at: 13 },
  ]);
  assert.equal(db.prepare('SELECT updated_at FROM leads WHERE customer_id = 2').pluck().get(), 11);
  // A step run is released at most once: one row per (enrolment, position).
  db.prepare("INSERT INTO automation_enrolments (rule_id, customer_id, trigger_key, enrolled_at) VALUES (1, 2, 'lead_created:2', 20)").run();
  db.prepare('INSERT INTO automation_step_runs (enrolment_id, step_id, position, due_at) VALUES (1, 1, 1, 30)').run();
  assert.throws(() => db.prepare('INSERT INTO automation_step_runs (enrolment_id, step_id, position, due_at) VALUES (1, 1, 1, 40)').run(), /UNIQUE/);
  assert.throws(() => db.prepare("INSERT INTO automation_enrolments (rule_id, customer_id, trigger_key, enrolled_at) VALUES (1, 2, 'lead_created:2', 21)").run(), /UNIQUE/);
});

test('R12 the tick\'s queries read indexes whose size follows what is due, not the number of leads (EXPLAIN QUERY PLAN)', () => {
  const db = new Database(':memory:');
  migrate(db);
  createStore(db); // every statement prepares against the schema
  const due = plan(db, `SELECT s.id FROM automation_step_runs s INDEXED BY automation_step_runs_due JOIN automation_enrolments e ON e.id = s.enrolment_id
    WHERE s.status IN ('pending', 'held') AND s.due_at <= 1 ORDER BY s.due_at, s.id LIMIT 200`);
  assert.match(due, /SEARCH s USING INDEX automation_step_runs_due \(due_at<\?\)/);
  assert.match(due, /SEARCH e USING INTEGER PRIMARY KEY/);
  assert.doesNotMatch(due, /TEMP B-TREE/, 'ordered by the index itself');
  // The repo's own scans, planned as they run: with bound parameters and no ANALYZE (a fresh store).
  const scan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1, 5, 5, 0, 9, 500) as { detail: string }[]).map((r) => r.detail).join(' | ');
  const stale = scan(TIME_SCAN_SQL.notUpdated);
  assert.match(stale, /SEARCH leads USING (COVERING )?INDEX leads_by_updated \(dealer_account_id=\? AND updated_at>\? AND updated_at<\?\)/, 'read from the scan position, not from the first lead');
  const drive = scan(TIME_SCAN_SQL.testDrive);
  assert.match(drive, /USING (COVERING )?INDEX leads_by_test_drive \(dealer_account_id=\? AND test_drive_at>\? AND test_drive_at<\?\)/);
  const followUp = scan(TIME_SCAN_SQL.followUp);
  assert.match(followUp, /USING (COVERING )?INDEX leads_by_follow_up \(dealer_account_id=\? AND follow_up_at>\? AND follow_up_at<\?\)/);
  const chased = scan(TIME_SCAN_SQL.chased);
  assert.match(chased, /SEARCH m USING INDEX messages_by_account \(dealer_account_id=\? AND created_at>\? AND created_at<\?\)/);
  const events = plan(db, 'SELECT * FROM automation_events WHERE id > 5 ORDER BY id LIMIT 500');
  assert.match(events, /SEARCH automation_events USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  const pace = plan(db, "SELECT count(*) FROM messages INDEXED BY messages_automated_by_sender WHERE sender_id = 1 AND origin = 'automation' AND created_at > 5");
  assert.match(pace, /SEARCH messages USING COVERING INDEX messages_automated_by_sender \(sender_id=\? AND created_at>\?\)/);
});
