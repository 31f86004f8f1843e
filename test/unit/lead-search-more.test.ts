// Lead search finds a lead by any run of its mobile's digits ("570 006"), by a name typed without
// its punctuation ("oconnor" finds O'Connor), and by the make, model or registration of a vehicle
// under appraisal; a store from before migration 14 is brought in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { seedWorld } from '../support/seed-world.ts';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { mobileTokens, nameIndexText } from '../../src-main/db/repos/customer-search-tokens.ts';

function world() {
  const w = seedWorld();
  const add = (first: string, last: string, mobile: string) =>
    w.core.leads.createLead({ dealerAccountId: w.dealerA, firstName: first, lastName: last, mobile, email: null, optInToMarketing: true }, 'import').customerId;
  const olivia = add('Olivia', 'Nguyen', '0491 570 006');
  const cara = add('Cara', "O'Connor", '0412 000 002');
  const mj = add('Mary-Jane', 'Smith', '0412 000 003');
  w.core.store.appraisals.insert({ customerId: cara, dealerAccountId: w.dealerA, year: 2018, make: 'Toyota', model: 'Corolla', variant: null, registration: 'ABC-12D', odometerKm: null, status: 'open', notes: null }, 0);
  const names = (q: string) => w.core.leads.find(q, 10, 0).rows.map((c) => `${c.first_name} ${c.last_name}`);
  return { w, olivia, cara, mj, names };
}

test('any run of a mobile\'s digits finds the lead: "570 006", "570006", "0491570006", "+61 491 570 006"', () => {
  const { names } = world();
  for (const q of ['570 006', '570006', '1570', '0491570006', '+61 491 570 006', '491 570']) assert.deepEqual(names(q), ['Olivia Nguyen'], q);
  assert.ok(mobileTokens('+61491570006').includes('006'));
  assert.ok(!mobileTokens('+61491570006').includes('06'), 'at least three digits');
});

test('a name without its punctuation finds it: "oconnor", "cara oconnor", "maryjane"; the punctuated spelling still does', () => {
  const { names } = world();
  assert.deepEqual(names('oconnor'), ["Cara O'Connor"]);
  assert.deepEqual(names("o'connor"), ["Cara O'Connor"]);
  assert.deepEqual(names('cara oconnor'), ["Cara O'Connor"]);
  assert.deepEqual(names('maryjane'), ['Mary-Jane Smith']);
  assert.equal(nameIndexText('Cara', "O'Connor"), "Cara O'Connor oconnor");
});

test('a vehicle under appraisal finds its lead by make, model or registration', () => {
  const { names, w, cara } = world();
  assert.deepEqual(names('corolla'), ["Cara O'Connor"]);
  assert.deepEqual(names('abc12d'), ["Cara O'Connor"]);
  // Editing the lead keeps its vehicle findable.
  w.core.leads.updateDetails(cara, { firstName: 'Cara', lastName: "O'Connor-Wu", email: null });
  assert.deepEqual(names('corolla'), ["Cara O'Connor-Wu"]);
  assert.deepEqual(names('oconnorwu'), ["Cara O'Connor-Wu"]);
});

test('migration 14 indexes digit runs, punctuation-free names and vehicles of customers already stored', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 13 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Toyota', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, mobile, created_at, updated_at) VALUES (1, 'Cara', 'O''Connor', '+61491570006', 0, 0)").run();
  db.prepare("INSERT INTO customer_names (rowid, name) VALUES (1, 'Cara O''Connor')").run();
  db.prepare("INSERT INTO leads (customer_id, dealer_account_id, source, created_at) VALUES (1, 1, 'import', 0)").run();
  db.prepare("INSERT INTO appraisals (customer_id, dealer_account_id, make, model, registration, status, created_at, updated_at) VALUES (1, 1, 'Toyota', 'Corolla', 'ABC 12D', 'open', 0, 0)").run();
  migrate(db, { target: 14 });
  assert.equal(schemaVersion(db), 14);
  const tokens = db.prepare('SELECT token FROM customer_search WHERE customer_id = 1 ORDER BY token').pluck().all();
  for (const t of ['570006', '006', '491570006', 'oconnor', 'toyota', 'corolla', 'abc12d']) assert.ok(tokens.includes(t), `${t} in ${tokens.join(',')}`);
  assert.ok(!tokens.includes('06'));
  assert.deepEqual(db.prepare("SELECT rowid FROM customer_names WHERE customer_names MATCH '\"cara\"* AND \"oconnor\"*'").pluck().all(), [1]);
});
