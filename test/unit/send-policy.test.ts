// The one send policy (src-main/messaging/send-policy.ts): its order and wording as a pure
// function, and the proof that its three callers — the composer's preflight, the send service at
// enqueue and the outbox as a message leaves (R8) — give one decision in one sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSend, preflightWarning, type SendFacts } from '../../src-main/messaging/send-policy.ts';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { refused } from '../support/send-result.ts';
import type { ConsentBlock } from '../../shared/domain/types.ts';

const block: ConsentBlock = {
  dealerAccountId: 2,
  dealerAccountName: 'Parramatta Mazda',
  channel: 'sms',
  source: 'inbound_keyword',
  since: T0,
  actor: null,
  reason: null,
  keyword: 'STOP',
  messageId: 7,
  messageBody: 'STOP',
};

const facts = (over: Partial<SendFacts> = {}): SendFacts => ({
  origin: 'manual',
  customerName: 'Jane Citizen',
  toNumber: '+61412345678',
  senderLabel: 'Group shared number',
  consent: { allowed: true },
  openReview: null,
  gatewayBlock: null,
  timeZone: 'Australia/Sydney',
  ...over,
});

test('send policy: nothing in the way lets the SMS leave, with nothing to say', () => {
  assert.deepEqual(decideSend(facts()), { allowed: true, refusal: null, caution: null });
  assert.equal(preflightWarning(decideSend(facts())), null);
});

test('R5 send policy: an opt-out for this dealer refuses, saying who, which dealer, when and how — first of all reasons', () => {
  const d = decideSend(facts({ consent: { allowed: false, block }, gatewayBlock: { errorCode: 21610 }, openReview: { id: 3, body: 'no more' } }));
  assert.equal(d.allowed, false);
  assert.equal(d.refusal?.code, 'SMS_OPTED_OUT');
  assert.equal(d.refusal?.status, 'blocked_opted_out');
  assert.equal(d.refusal?.reason, 'Jane Citizen previously opted out of SMS from Parramatta Mazda on 20 Nov 2026, 12:00 pm, customer replied STOP.');
  assert.equal(d.refusal?.text, `Not sent: ${d.refusal?.reason}`);
  assert.equal(preflightWarning(d), `${d.refusal?.reason} A send will be refused.`);
  assert.equal(d.refusal?.block, block);
  assert.equal(d.caution?.reviewId, 3, 'the open review is still shown beside the refusal');
});

test('send policy: an open possible opt-out holds automated sends and only warns a person sending by hand', () => {
  const review = { id: 9, body: 'please stop texting me about the car, I bought one elsewhere last week thanks' };
  const manual = decideSend(facts({ openReview: review }));
  assert.equal(manual.allowed, true);
  assert.equal(manual.caution?.code, 'POSSIBLE_OPT_OUT');
  assert.equal(
    manual.caution?.reason,
    'Jane Citizen replied "please stop texting me about the car, I bought one elsewh...", which may be an opt-out; it awaits staff review.',
  );
  assert.equal(preflightWarning(manual), manual.caution?.reason);

  const auto = decideSend(facts({ origin: 'automation', openReview: review, gatewayBlock: { errorCode: 21610 } }));
  assert.equal(auto.refusal?.code, 'HELD_FOR_REVIEW', 'held before the gateway block');
  assert.equal(auto.refusal?.status, 'held_review');
  assert.equal(auto.refusal?.text, `Held: ${manual.caution?.reason}`);
  assert.equal(auto.refusal?.reviewId, 9);
});

test('R7 send policy: the gateway\'s block on this sender refuses, with Twilio\'s code, apart from dealer consent', () => {
  const d = decideSend(facts({ gatewayBlock: { errorCode: 21610 } }));
  assert.equal(d.refusal?.code, 'GATEWAY_BLOCKED');
  assert.equal(d.refusal?.status, 'blocked_gateway');
  assert.equal(d.refusal?.gatewayErrorCode, 21610);
  assert.equal(
    d.refusal?.text,
    'Not sent: The SMS gateway refuses +61412345678 from Group shared number because the recipient unsubscribed at the gateway (Twilio error 21610).',
  );
  assert.equal(preflightWarning(d), 'The SMS gateway refuses +61412345678 from Group shared number because the recipient unsubscribed at the gateway (Twilio error 21610). A send will be refused.');
});

test('R5 R8 one policy, three callers: the preflight warning, the refusal at enqueue and the refusal as a queued SMS leaves read one sentence', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  // Queued while the gateway is busy: it waits in the outbox (R8).
  w.gateway.answerNext(() => ({ kind: 'retryable', code: 20429, status: 429, message: 'Too many requests', retryAfterMs: 1_000 }));
  const first = await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Your CX-5 is ready', actor: 'sam', origin: 'manual' });
  assert.equal(first.outcome, 'queued');

  // Meanwhile the customer is opted out for this dealer by staff.
  w.clock.advance(500);
  w.core.consent.optOutManually({ dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms', actor: 'Kim', reason: 'Phoned in' });

  // 1. The composer's preflight.
  const pre = await invokeHandler('sms.preflight', { dealerAccountId: w.dealerB, customerId: w.customerId }, ctx);
  assert.ok(pre.ok);
  // 2. A new send is refused at enqueue.
  const now = await refused(w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Still keen?', actor: 'sam', origin: 'manual' }));
  // 3. The queued one is refused as it leaves.
  w.clock.advance(2_000);
  await w.core.outbox.drain();
  const later = w.core.store.messages.get(first.message.id);

  const sentence = 'Jane Citizen previously opted out of SMS from Parramatta Mazda on 20 Nov 2026, 12:00 pm, staff (Kim) — Phoned in.';
  assert.equal((pre.value as { warning: string }).warning, `${sentence} A send will be refused.`);
  assert.equal(now.refusal.text, `Not sent: ${sentence}`);
  assert.equal(now.message.block_reason, `Not sent: ${sentence}`);
  assert.equal(later?.status, 'blocked_opted_out');
  assert.equal(later?.block_reason, `Not sent: ${sentence}`);
  assert.equal(w.gateway.sent.length, 1, 'only the first, busy attempt reached the gateway');
});

test('R11 send policy: a desk that has not pulled the group\'s state within the bound holds automated sends (they wait, queued) and tells a person since when', () => {
  const stale = { fresh: false, lastPullAt: T0, boundMs: 60_000 };
  const auto = decideSend(facts({ origin: 'automation', group: stale }));
  assert.equal(auto.allowed, false);
  assert.equal(auto.refusal?.code, 'GROUP_STALE');
  assert.equal(auto.refusal?.status, 'queued', 'it waits in the outbox; it is not refused for good');
  assert.match(auto.refusal?.text ?? '', /^Held: This desk has not heard from the group server since .+: an opt-out made on another desk since then may not be here yet\. The automated message waits until it has\.$/);

  const manual = decideSend(facts({ group: stale }));
  assert.equal(manual.allowed, true, 'a person sending by hand is told, not stopped');
  assert.equal(manual.caution?.code, 'GROUP_UNREACHABLE');
  assert.match(preflightWarning(manual) ?? '', /has not heard from the group server since/);
  assert.match(preflightWarning(decideSend(facts({ group: { ...stale, lastPullAt: null } }))) ?? '', /has not heard from the group server yet/);

  // Fresh, or no group at all: nothing to say; consent still comes first.
  assert.deepEqual(decideSend(facts({ origin: 'automation', group: { ...stale, fresh: true } })), { allowed: true, refusal: null, caution: null });
  assert.deepEqual(decideSend(facts({ origin: 'automation', group: null })), { allowed: true, refusal: null, caution: null });
  assert.equal(decideSend(facts({ origin: 'automation', group: stale, consent: { allowed: false, block } })).refusal?.code, 'SMS_OPTED_OUT');
});
