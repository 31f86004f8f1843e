// The review-reasons migration (9 when written): a review item keeps why the reply was put up for review (the reply's intent and the
// classifier's reasons); items from before keep nulls and still map for the renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { migrations } from '../../src-main/db/migrations/index.ts';
import { migration009 as reviewReasons } from '../../src-main/db/migrations/009-review-reasons.ts';
import { createStore } from '../../src-main/db/store.ts';
import { reviewItem } from '../../src-main/ipc/mappers.ts';
import { reviewItemSchema } from '../../shared/ipc/contract.ts';
import { classifyReply } from '../../shared/classify-reply.ts';

/** The version of the review-reasons migration (its number follows whatever landed before it). */
const V = migrations.indexOf(reviewReasons) + 1;

function seedBefore(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { target: V - 1 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'B', 'Parramatta Mazda', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, created_at, updated_at) VALUES (1, 'Jane', 'Citizen', 0, 0)").run();
  db.prepare(
    "INSERT INTO messages (id, direction, origin, status, customer_id, dealer_account_id, to_number, from_number, body, segments, created_at, updated_at) VALUES (1, 'inbound', 'inbound', 'received', 1, 1, '+61480000001', '+61412345678', 'please stop texting me', 1, 5, 5)",
  ).run();
  db.prepare("INSERT INTO review_items (id, kind, message_id, customer_id, dealer_account_id, created_at) VALUES (1, 'possible_opt_out', 1, 1, 1, 10)").run();
  return db;
}

test('review-reasons migration: review items from before keep their data with no intent or reasons, and still map', () => {
  const db = seedBefore();
  migrate(db, { target: V });
  assert.equal(schemaVersion(db), V);
  migrate(db); // the store's statements need the newest schema (later migrations add tables)
  const row = createStore(db).reviews.get(1);
  assert.deepEqual([row?.kind, row?.status, row?.intent, row?.reasons, row?.body], ['possible_opt_out', 'open', null, null, 'please stop texting me']);
  const item = reviewItemSchema.parse(reviewItem(row!));
  assert.deepEqual([item.intent, item.reasons], [null, null]);
});

test('review-reasons migration: a new item stores the intent and the classifier reasons, which map back as the same value', () => {
  const db = seedBefore();
  migrate(db);
  const store = createStore(db);
  const c = classifyReply('pls stop txting me bro');
  store.reviews.add('possible_opt_out', 1, 1, null, 20, { intent: 'wrong_number', reasons: c.reasons });
  const row = store.reviews.open(10)[0];
  assert.equal(row?.intent, 'wrong_number');
  assert.deepEqual(reviewItemSchema.parse(reviewItem(row!)).reasons, c.reasons);
});

test('review-reasons migration: the columns refuse an unknown intent and reasons that are not JSON', () => {
  const db = seedBefore();
  migrate(db);
  const insert = db.prepare("INSERT INTO review_items (kind, message_id, customer_id, dealer_account_id, created_at, intent, reasons) VALUES ('possible_opt_out', 1, 1, NULL, 30, ?, ?)");
  assert.throws(() => insert.run('opt_out', null), /CHECK/);
  assert.throws(() => insert.run('wrong_number', 'not json'), /CHECK/);
});

test('unreadable stored reasons map to null rather than failing the review queue', () => {
  const db = seedBefore();
  migrate(db);
  db.prepare("UPDATE review_items SET reasons = '[{\"rule\":\"unknown\"}]' WHERE id = 1").run();
  const item = reviewItemSchema.parse(reviewItem(createStore(db).reviews.get(1)!));
  assert.equal(item.reasons, null);
});
