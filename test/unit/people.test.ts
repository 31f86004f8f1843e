// One display name (shared/domain/people.ts) for every place that names a customer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerDisplayName, displayName } from '../../shared/domain/people.ts';
import { seedWorld } from '../support/seed-world.ts';

test('displayName: both parts, either part alone, or the fallback when neither', () => {
  assert.equal(displayName('Jane', 'Citizen'), 'Jane Citizen');
  assert.equal(displayName('Jane', ''), 'Jane');
  assert.equal(displayName('', 'Citizen'), 'Citizen');
  assert.equal(displayName(' ', ' ', '0412 345 678'), '0412 345 678');
  assert.equal(displayName(null, undefined), '');
  assert.equal(customerDisplayName({ first_name: 'Jane', last_name: 'Citizen' }), 'Jane Citizen');
  assert.equal(customerDisplayName({ first_name: '', last_name: '' }, 'Customer 7'), 'Customer 7');
});

test('a lead added twice to one account is refused naming the customer by displayName', () => {
  const w = seedWorld();
  assert.throws(
    () => w.core.leads.createLead({ dealerAccountId: w.dealerA, customerId: w.customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import'),
    (e: unknown) => e instanceof Error && e.message === 'Jane Citizen is already a lead of Harbour City Toyota.',
  );
});
