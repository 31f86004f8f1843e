import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';

function world() {
  const w = seedWorld();
  const add = (firstName: string, lastName: string, mobile: string, email: string | null = null) =>
    w.core.leads.createLead({ dealerAccountId: w.dealerA, firstName, lastName, mobile, email, optInToMarketing: true }, 'test').customerId;
  const ids = {
    olivia: add('Olivia', 'Smith', '0400 000 001', 'olivia.smith@example.com'),
    oliver: add('Oliver', 'Smithers', '0400 000 002'),
    liam: add('Liam', "O'Brien", '0400 000 003', 'liam@obrien.net'),
    zoe: add('Zoë', 'Nguyen-Tran', '0411 222 333'),
  };
  const names = (q: string) => w.core.store.customers.find(q, 50).rows.map((r) => `${r.first_name} ${r.last_name}`);
  return { ...w, ids, names };
}

test('lead search: a name prefix, in name order, and an empty query lists everyone by surname', () => {
  const { names, core } = world();
  assert.deepEqual(names('oli'), ['Oliver Smithers', 'Olivia Smith']);
  assert.deepEqual(names('SMITH'), ['Olivia Smith', 'Oliver Smithers']);
  const all = core.store.customers.find('', 50);
  assert.equal(all.total, 5);
  assert.deepEqual(all.rows.map((r) => r.last_name), ['Citizen', 'Nguyen-Tran', "O'Brien", 'Smith', 'Smithers']);
});

test('lead search: several words must all match (first and last name), through the full-text index', () => {
  const { names } = world();
  assert.deepEqual(names('ol smithe'), ['Oliver Smithers']);
  assert.deepEqual(names('smith olivia'), ['Olivia Smith']);
  assert.deepEqual(names("o'b li"), ["Liam O'Brien"]);
  assert.deepEqual(names('zoe nguyen-t'), ['Zoë Nguyen-Tran'], 'diacritics folded, hyphenated surname kept whole');
  assert.deepEqual(names('olivia obrien'), []);
});

test('lead search: a mobile in national or international form, typed with spaces, and an email prefix', () => {
  const { names } = world();
  assert.deepEqual(names('0411 222'), ['Zoë Nguyen-Tran']);
  assert.deepEqual(names('+61 411 222 333'), ['Zoë Nguyen-Tran']);
  assert.deepEqual(names('61411'), ['Zoë Nguyen-Tran']);
  assert.deepEqual(names('olivia.smith@'), ['Olivia Smith']);
  assert.deepEqual(names('liam obrien.net'), [], 'an email is matched from its start');
  assert.deepEqual(names('liam@ liam'), ["Liam O'Brien"], 'a name word with part of an email');
});

test('lead search: a changed mobile or name is found by its new value only (R2 keeps consent, search follows the record)', () => {
  const { names, core, ids } = world();
  core.leads.changeMobile(ids.zoe, '0499 888 777', 'sam');
  assert.deepEqual(names('0411 222'), []);
  assert.deepEqual(names('0499 888'), ['Zoë Nguyen-Tran']);
  core.leads.updateDetails(ids.liam, { firstName: 'William', lastName: "O'Brien", email: 'liam@obrien.net' });
  assert.deepEqual(names("liam o'brien"), []);
  assert.deepEqual(names("will o'b"), ["William O'Brien"]);
});

test('lead search: totals are exact when small and flagged as a lower bound when capped', () => {
  const { core } = world();
  const r = core.store.customers.find('smith', 1);
  assert.equal(r.rows.length, 1);
  assert.equal(r.total, 2);
  assert.equal(r.totalIsEstimate, false);
  const page2 = core.store.customers.find('smith', 1, 1);
  assert.equal(page2.rows[0]?.first_name, 'Oliver');
});
