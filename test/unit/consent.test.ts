import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { AppError } from '../../src-main/app-error.ts';

test('R1: an SMS opt-out leaves email consent alone, and the reverse', () => {
  const { core, dealerA, customerId } = seedWorld();
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'sam' });
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, false);
  assert.equal(core.consent.decide(dealerA, customerId, 'email').allowed, true);
  core.consent.optInManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'sam', reason: 'Asked in person to hear about the sale' });
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'email', actor: 'sam' });
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, true);
  assert.equal(core.consent.decide(dealerA, customerId, 'email').allowed, false);
});

test('R1: consent is kept per dealer account: an opt-out for A does not touch B', () => {
  const { core, dealerA, dealerB, customerId } = seedWorld();
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'sam' });
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, false);
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, true);
});

test('R2: changing the mobile keeps the customer opted out and records the old number', () => {
  const { core, clock, dealerA, customerId } = seedWorld();
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'sam' });
  clock.advance(1000);
  core.leads.changeMobile(customerId, '+61 498 765 432', 'sam');
  assert.equal(core.store.customers.get(customerId)?.mobile, '+61498765432');
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, false);
  const history = core.store.customers.phoneHistory(customerId);
  assert.equal(history.length, 2);
  assert.equal(history[1]?.number, '+61412345678');
  assert.equal(history[1]?.valid_to, clock());
  // The old number still finds the customer (for replies from it), the new one too.
  assert.deepEqual(core.store.customers.byAnyMobile('+61412345678').map((c) => c.id), [customerId]);
  assert.deepEqual(core.store.customers.byMobile('+61498765432').map((c) => c.id), [customerId]);
});

test('R2: a landline or garbage mobile is refused with an error naming the input, and nothing changes', () => {
  const { core, customerId } = seedWorld();
  assert.throws(() => core.leads.changeMobile(customerId, '02 9876 5432', 'sam'), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === 'INVALID_INPUT');
    assert.match(e.message, /02 9876 5432/);
    return true;
  });
  assert.throws(() => core.leads.changeMobile(customerId, 'call me', 'sam'), /call me/);
  assert.equal(core.store.customers.get(customerId)?.mobile, '+61412345678');
  assert.equal(core.store.customers.phoneHistory(customerId).length, 1);
});

test('R9: staff may opt out by hand at any time; opting back in needs a reason, kept with who and when', () => {
  const { core, clock, dealerB, customerId } = seedWorld();
  core.consent.optOutManually({ dealerAccountId: dealerB, customerId, channel: 'sms', actor: 'sam', reason: 'Asked on the phone' });
  clock.advance(5000);
  assert.throws(
    () => core.consent.optInManually({ dealerAccountId: dealerB, customerId, channel: 'sms', actor: 'sam', reason: '   ' }),
    (e: unknown) => e instanceof AppError && e.code === 'INVALID_INPUT' && /reason is required/.test(e.message),
  );
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, false, 'a refused opt-in changes nothing');
  core.consent.optInManually({ dealerAccountId: dealerB, customerId, channel: 'sms', actor: 'kim', reason: 'Customer rang to opt back in' });
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, true);
  const trail = core.store.consent.history(customerId);
  assert.deepEqual(
    trail.map((e) => [e.status, e.source, e.actor, e.reason, e.occurred_at - trail[1]!.occurred_at]),
    [
      ['opted_in', 'manual', 'kim', 'Customer rang to opt back in', 5000],
      ['opted_out', 'manual', 'sam', 'Asked on the phone', 0],
    ],
  );
});

test('R9: the consent audit trail is append-only', () => {
  const { core, db, dealerA, customerId } = seedWorld();
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'sam' });
  assert.throws(() => db.prepare('UPDATE consent_events SET actor = ?').run('mallory'), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM consent_events').run(), /append-only/);
  assert.equal(core.store.consent.history(customerId)[0]?.actor, 'sam');
});

test('R10: loading a lead with "Opt in to future marketing" off opts out of both channels with source import', () => {
  const { core, dealerA } = seedWorld();
  const { customerId } = core.leads.createLead(
    { dealerAccountId: dealerA, firstName: 'Ned', lastName: 'Kelly', mobile: '0400 111 222', email: 'ned@example.com', optInToMarketing: false },
    'web-form',
  );
  for (const channel of ['sms', 'email'] as const) {
    const d = core.consent.decide(dealerA, customerId, channel);
    assert.ok(!d.allowed && d.block.source === 'import', channel);
  }
  const { customerId: other } = core.leads.createLead(
    { dealerAccountId: dealerA, firstName: 'Kate', lastName: 'Kelly', mobile: '0400 111 333', optInToMarketing: true },
    'web-form',
  );
  assert.equal(core.consent.decide(dealerA, other, 'sms').allowed, true);
  assert.equal(core.store.consent.history(other).length, 0, 'ticked: nothing recorded');
});

test('R10: a lead with an invalid mobile or email is refused and nothing is stored', () => {
  const { core, dealerA } = seedWorld();
  const before = core.store.customers.count('');
  assert.throws(() => core.leads.createLead({ dealerAccountId: dealerA, firstName: 'A', lastName: 'B', mobile: '(03) 9123 4567', optInToMarketing: false }, null), /9123 4567/);
  assert.throws(() => core.leads.createLead({ dealerAccountId: dealerA, firstName: 'A', lastName: 'B', email: 'not-an-email', optInToMarketing: true }, null), /not-an-email/);
  assert.equal(core.store.customers.count(''), before);
});
