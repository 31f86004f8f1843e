import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { refused, rejected } from '../support/send-result.ts';

test('R5: a send to an opted-out customer is refused in the core whatever the caller did, and the gateway is never called', async () => {
  const { core, gateway, dealerA, customerId } = seedWorld();
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'kim', reason: 'Asked at the showroom' });
  const { refusal: e } = await refused(core.sends.send({ dealerAccountId: dealerA, customerId, body: 'Hello', actor: 'sam', origin: 'manual' }));
  assert.equal(e.code, 'SMS_OPTED_OUT');
  assert.match(e.text, /previously opted out of SMS from Harbour City Toyota on 20 Nov 2026, 12:00 pm, staff \(kim\) — Asked at the showroom/);
  assert.equal(gateway.sent.length, 0);
});

test('R6: every attempt is recorded, the blocked one included, in the timeline and the SMS list', async () => {
  const { core, clock, dealerA, customerId } = seedWorld();
  await core.sends.send({ dealerAccountId: dealerA, customerId, body: 'First', actor: 'sam', origin: 'manual' });
  clock.advance(1000);
  core.consent.optOutManually({ dealerAccountId: dealerA, customerId, channel: 'sms', actor: 'kim' });
  clock.advance(1000);
  await refused(core.sends.send({ dealerAccountId: dealerA, customerId, body: 'Second', actor: 'sam', origin: 'manual' }));
  const items = core.store.timeline.page(customerId, 10).items.map((i) => (i.kind === 'message' ? `${i.message.body}:${i.message.status}` : `consent:${i.event.status}`));
  assert.deepEqual(items, ['Second:blocked_opted_out', 'consent:opted_out', 'First:accepted']);
  const all = core.store.messages.list({ limit: 10 }).map((m) => m.status);
  assert.deepEqual(all, ['blocked_opted_out', 'accepted']);
});

test('R6: an automated send to an opted-out customer is recorded against its automation run', async () => {
  const { core, dealerB, customerId, clock } = seedWorld();
  const rule = core.store.automation.createRule(dealerB, 'Test drive follow-up', 'lead_created+2d', 'How was the drive?', clock());
  core.consent.optOutManually({ dealerAccountId: dealerB, customerId, channel: 'sms', actor: 'kim' });
  const run = core.store.automation.startRun(rule, customerId, clock());
  const e = await refused(core.sends.send({ dealerAccountId: dealerB, customerId, body: 'How was the drive?', actor: 'automation', origin: 'automation', automationRunId: run }));
  core.store.automation.finishRun(run, e.message.id, 'blocked_opted_out', e.refusal.text);
  const [h] = core.store.automation.history(10);
  assert.equal(h?.message_status, 'blocked_opted_out');
  assert.equal(h?.rule_name, 'Test drive follow-up');
  assert.match(h?.block_reason ?? '', /previously opted out/);
});

test('validation: empty or over-long bodies, unknown parties, a dealer that does not hold the lead, a sender of another dealer', async () => {
  const w = seedWorld();
  const { core, dealerA, customerId, clock } = w;
  const send = (over: Partial<Parameters<typeof core.sends.send>[0]>) =>
    rejected(core.sends.send({ dealerAccountId: dealerA, customerId, body: 'Hi', actor: 'sam', origin: 'manual', ...over }));
  assert.equal((await send({ body: '  \n ' })).code, 'INVALID_INPUT');
  assert.match((await send({ body: 'x'.repeat(1601) })).message, /1601 characters/);
  assert.equal((await send({ customerId: 999 })).code, 'NOT_FOUND');
  assert.equal((await send({ dealerAccountId: 999 })).code, 'NOT_FOUND');
  const other = core.store.accounts.createAccount('C', 'Penrith Kia', clock());
  assert.match((await send({ dealerAccountId: other })).message, /not a lead of Penrith Kia/);
  const gw = core.store.accounts.gatewayAccounts()[0]!.id;
  const kiaSender = core.store.accounts.createSender(gw, 'number', '+61480000009', 'Kia number', clock());
  core.store.accounts.shareSender(kiaSender, other);
  assert.match((await send({ senderId: kiaSender })).message, /Kia number is not a sender of Harbour City Toyota/);
  assert.equal(core.store.messages.list({ limit: 10 }).length, 0, 'invalid requests record nothing');
});

test('R7: a gateway refusal (21610) is recorded as a gateway block for that sender, apart from dealer consent', async () => {
  const { core, gateway, dealerA, dealerB, customerId, shared } = seedWorld();
  gateway.answerNext(() => ({ kind: 'recipient_unsubscribed', code: 21610, message: 'Attempt to send to unsubscribed recipient' }));
  const r = await core.sends.send({ dealerAccountId: dealerA, customerId, body: 'Hi', actor: 'sam', origin: 'manual' });
  assert.equal(r.outcome, 'refused', 'the gateway refusal is a refusal of the send');
  assert.equal(r.refusal?.code, 'GATEWAY_BLOCKED');
  const m = r.message;
  assert.equal(m.status, 'blocked_gateway');
  assert.equal(m.error_code, 21610);
  assert.ok(core.store.gatewayBlocks.active(shared, '+61412345678'));
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, true, 'dealer consent untouched');
  // The next send on that sender is refused locally without a gateway call, for either dealer.
  const { refusal: e } = await refused(core.sends.send({ dealerAccountId: dealerB, customerId, body: 'Hi', actor: 'sam', origin: 'manual' }));
  assert.equal(e.code, 'GATEWAY_BLOCKED');
  assert.equal(gateway.sent.length, 1);
});

test('R8: the attempt is persisted before the gateway is called', async () => {
  const { core, db, gateway, dealerA, customerId } = seedWorld();
  let seenStatus: string | undefined;
  gateway.answerNext(() => {
    seenStatus = (db.prepare('SELECT status FROM messages ORDER BY id DESC LIMIT 1').get() as { status: string }).status;
    return { kind: 'unknown', message: 'socket hang up' };
  });
  const r = await core.sends.send({ dealerAccountId: dealerA, customerId, body: 'Hi', actor: 'sam', origin: 'manual' });
  assert.equal(r.outcome, 'queued', 'an unknown outcome stays in the outbox');
  const m = r.message;
  assert.equal(seenStatus, 'sending');
  assert.equal(m.status, 'unknown');
  assert.equal(m.attempts, 1);
});
