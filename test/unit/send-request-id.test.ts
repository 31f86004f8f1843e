// Issue 14, finding 3: a send whose answer was lost, retried by the user, went out twice (10 of 10).
// sms.send carries the composer's request id: a repeat with the same id answers with what became of
// the first message and sends nothing; sms.sendStatus tells a composer that never heard back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import type { SendResult } from '../../shared/ipc/contract.ts';

test('issue 14 finding 3 (R8): sms.send repeated with the same requestId answers with the first message and sends nothing', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const requestId = randomUUID();
  const input = { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Your car is ready', requestId };
  const first = await invokeHandler('sms.send', input, ctx);
  assert.ok(first.ok);
  const again = await invokeHandler('sms.send', { ...input, body: '  Your car is ready\r\n' }, ctx);
  assert.ok(again.ok);
  assert.equal(w.gateway.sent.length, 1, 'one SMS left');
  assert.equal((again.value as SendResult).message.id, (first.value as SendResult).message.id);
  assert.equal((again.value as SendResult).outcome, 'sent');
  const rows = w.core.store.db.prepare("SELECT count(*) AS n FROM messages WHERE direction = 'outbound'").get() as { n: number };
  assert.equal(rows.n, 1, 'one message recorded');
  assert.equal(w.core.store.messages.byRequestId(requestId)?.request_id, requestId, 'the id is kept with the message');
});

test('issue 14 finding 3: the same requestId for a different message is refused (INVALID_INPUT), nothing sent', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const requestId = randomUUID();
  assert.ok((await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'One', requestId }, ctx)).ok);
  const other = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Two', requestId }, ctx);
  assert.equal(other.ok, false);
  assert.ok(!other.ok && other.error.code === 'INVALID_INPUT' && /already used for another message; nothing was sent/.test(other.error.message));
  assert.equal(w.gateway.sent.length, 1);
  const bad = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Three', requestId: 'not-a-uuid' }, ctx);
  assert.ok(!bad.ok && bad.error.code === 'INVALID_INPUT');
  const missing = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Four' }, ctx);
  assert.ok(!missing.ok && missing.error.code === 'INVALID_INPUT', 'every send names its request');
  assert.equal(w.gateway.sent.length, 1);
});

test('issue 14 finding 3 (R5, R6): a refused send repeated answers refused again with the same sentence and records no second attempt', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  w.core.consent.optOutManually({ dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms', actor: 'Kim' });
  const input = { dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Still keen?', requestId: randomUUID() };
  const first = await invokeHandler('sms.send', input, ctx);
  const again = await invokeHandler('sms.send', input, ctx);
  assert.ok(first.ok && again.ok);
  const a = first.value as SendResult;
  const b = again.value as SendResult;
  assert.ok(a.outcome === 'refused' && b.outcome === 'refused');
  assert.deepEqual(b.refusal, a.refusal, 'the same refusal: code, sentence and block');
  assert.equal(b.message.id, a.message.id);
  const rows = w.core.store.db.prepare("SELECT count(*) AS n FROM messages WHERE direction = 'outbound'").get() as { n: number };
  assert.equal(rows.n, 1);
});

test('issue 14 finding 3: sms.sendStatus answers what became of a request, or null when it never arrived', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const never = await invokeHandler('sms.sendStatus', { requestId: randomUUID() }, ctx);
  assert.deepEqual(never, { ok: true, value: null });
  const requestId = randomUUID();
  w.gateway.answerNext(() => ({ kind: 'unknown', message: 'socket hang up' }));
  const sent = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Hello', requestId }, ctx);
  assert.ok(sent.ok);
  assert.equal((sent.value as SendResult).outcome, 'queued', 'outcome unknown: in the outbox until reconciled');
  const status = await invokeHandler('sms.sendStatus', { requestId }, ctx);
  assert.ok(status.ok && status.value !== null);
  assert.equal((status.value as SendResult).message.id, (sent.value as SendResult).message.id);
  assert.equal((status.value as SendResult).outcome, 'queued');
});
