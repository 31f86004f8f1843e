// The seed document's scenario, end to end in the core: two dealers share one gateway sender, the
// customer opts out of SMS from dealer B only; A can still send, B's send is refused with a
// validation error and the blocked attempt is kept and shown; a new mobile does not lift the block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { refused as refusedSend } from '../support/send-result.ts';

test('seed scenario: STOP to dealer B blocks B only, survives a mobile change, leaves email alone (R1 R2 R5 R6)', async () => {
  const w = seedWorld();
  const { core, clock, gateway, dealerA, dealerB, shared, customerId } = w;

  // B texted the customer; the customer replied STOP to B's conversation.
  clock.advance(60_000);
  await core.sends.send({ dealerAccountId: dealerB, customerId, senderId: shared, body: 'Hi Jane, your CX-5 is ready for a test drive.', actor: 'sam', origin: 'manual' });
  clock.advance(60_000);
  const replyId = core.store.messages.insert({
    direction: 'inbound', origin: 'inbound', status: 'received', customerId, dealerAccountId: dealerB, senderId: shared,
    toNumber: '+61480000001', fromNumber: '+61412345678', body: 'STOP', segments: 1, gatewaySid: 'SM' + '1'.repeat(32), createdAt: clock(),
  });
  core.consent.applyReply(dealerB, customerId, 'opted_out', replyId, 'STOP', clock());
  const optOutAt = clock();

  // Dealer A, on the same shared sender, can still send.
  clock.advance(60_000);
  const { outcome: outcomeA, message: fromA } = await core.sends.send({ dealerAccountId: dealerA, customerId, senderId: shared, body: 'Hi Jane, your Corolla service is booked.', actor: 'alex', origin: 'manual' });
  assert.equal(outcomeA, 'sent');
  assert.equal(fromA.status, 'accepted');
  assert.ok(fromA.gateway_sid, 'A reached the gateway');
  assert.equal(gateway.sent.length, 2);

  // Dealer B's send is refused with a validation error that says who, for which account, when and how.
  clock.advance(60_000);
  const { refusal: refused } = await refusedSend(
    core.sends.send({ dealerAccountId: dealerB, customerId, senderId: shared, body: 'Still keen on the CX-5?', actor: 'sam', origin: 'manual' }),
  );
  assert.equal(refused.code, 'SMS_OPTED_OUT');
  assert.match(refused.text, /Jane Citizen previously opted out of SMS from Parramatta Mazda/);
  assert.match(refused.text, /20 Nov 2026/);
  assert.match(refused.text, /customer replied STOP\./);
  assert.equal(gateway.sent.length, 2, 'nothing reached the gateway for B');

  // The blocked attempt is on B's lead timeline and in the SMS list.
  const timeline = core.store.timeline.page(customerId, 50).items;
  const blocked = timeline.find((i) => i.kind === 'message' && i.message.status === 'blocked_opted_out');
  assert.ok(blocked && blocked.kind === 'message');
  assert.equal(blocked.message.dealer_account_id, dealerB);
  assert.equal(blocked.message.account_name, 'Parramatta Mazda');
  assert.match(blocked.message.block_reason ?? '', /previously opted out/);
  assert.ok(timeline.some((i) => i.kind === 'consent' && i.event.status === 'opted_out' && i.event.dealer_account_id === dealerB));
  const smsList = core.store.messages.list({ statuses: ['blocked_opted_out'], limit: 50 });
  assert.deepEqual(smsList.map((m) => [m.customer_id, m.dealer_account_id]), [[customerId, dealerB]]);

  // The mobile changes: B is still blocked (R2); the old number stays in the history.
  clock.advance(60_000);
  core.leads.changeMobile(customerId, '0498 765 432', 'sam');
  const again = await refusedSend(core.sends.send({ dealerAccountId: dealerB, customerId, senderId: shared, body: 'New number, new deals!', actor: 'sam', origin: 'manual' }));
  assert.ok(again.refusal.code === 'SMS_OPTED_OUT');
  const history = core.store.customers.phoneHistory(customerId).map((p) => [p.number, p.valid_to === null]);
  assert.deepEqual(history, [['+61498765432', true], ['+61412345678', false]]);

  // B's email consent is untouched (R1), and A still sends to the new number.
  assert.deepEqual(core.consent.decide(dealerB, customerId, 'email'), { allowed: true });
  const { message: fromA2 } = await core.sends.send({ dealerAccountId: dealerA, customerId, senderId: shared, body: 'Got your new number, thanks!', actor: 'alex', origin: 'manual' });
  assert.equal(fromA2.to_number, '+61498765432');
  assert.equal(gateway.sent.at(-1)?.to, '+61498765432');

  const decision = core.consent.decide(dealerB, customerId, 'sms');
  assert.ok(!decision.allowed && decision.block.since === optOutAt && decision.block.messageId === replyId);
  assert.ok(T0 < optOutAt);
});
